package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.core.drift.DataTable;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureKind;
import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.registry.ModelSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftColumnsTest {

  @TempDir Path dir;

  private List<DataTable> read(String reference, String current, ModelSignature signature)
      throws IOException {
    return DriftColumns.read(Files.writeString(dir.resolve("ref.csv"), reference),
        Files.writeString(dir.resolve("cur.csv"), current), signature);
  }

  @Test
  void aColumnIsNumericWhenItsFirstValueIsANumberAndEmptyCellsAreMissing() throws IOException {
    List<DataTable> tables = read("age,plan,code\n30,basic,\n,pro,7\n41,pro,\n",
        "code,plan,age\n1,basic,50\n,,\n", null);

    assertThat(tables.get(0).kind("age")).isEqualTo(FeatureKind.NUMERIC);
    assertThat(tables.get(0).kind("plan")).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(tables.get(0).rows()).isEqualTo(3);
    FeatureColumn.Numeric age = (FeatureColumn.Numeric) tables.get(0).column("age");
    assertThat(age.values()).containsExactly(30.0, 41.0);
    assertThat(age.missing()).isEqualTo(1);
    assertThat(tables.get(1).column("plan").missing()).isEqualTo(1);
  }

  @Test
  void aTextCellInANumericColumnIsAnErrorNamingTheFileLineColumnAndValue() {
    assertThatThrownBy(() -> read("age,plan\n30,basic\n31,pro\n", "age,plan\n40,basic\nn/a,pro\n",
        null))
        .isInstanceOf(dev.mlops.MlopsException.class)
        .hasMessageContaining("cur.csv, line 3, column 1 ('age'): 'n/a' is not a number, but the"
            + " column is numeric (its first value, '30' on line 2 of")
        .hasMessageContaining("--signature");
  }

  @Test
  void theSignatureDecidesTheColumnsAndTheirKinds() throws IOException {
    ModelSignature signature = ModelSignature.of(List.of(
        FieldSpec.scalar("zip", DataType.STRING), FieldSpec.scalar("age", DataType.FLOAT64)),
        List.of());

    List<DataTable> tables = read("age,zip,other\n30,10115,a\n31,80331,b\n",
        "zip,age\n10115,40\n,41\n", signature);

    assertThat(tables.get(0).features()).containsExactly("zip", "age");
    assertThat(tables.get(0).kind("zip")).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(((FeatureColumn.Categorical) tables.get(1).column("zip")).values())
        .containsExactly("10115");
    assertThatThrownBy(() -> read("age,zip\nold,1\n", "age,zip\n1,1\n", signature))
        .hasMessageContaining("ref.csv, line 2, column 1 ('age'): 'old' is not a number, but the"
            + " column is numeric (the signature gives it type double)");
  }

  @Test
  void aMissingColumnOrARaggedRecordIsAnError() {
    assertThatThrownBy(() -> read("age,plan\n1,a\n", "age\n1\n", null))
        .hasMessageContaining("cur.csv has no column 'plan'");
    assertThatThrownBy(() -> read("age,plan\n1,a\n2\n", "age,plan\n1,a\n", null))
        .hasMessageContaining("ref.csv, line 3: the record has 1 fields but the header has 2");
  }
}
