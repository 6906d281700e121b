package dev.mlops.core.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.registry.DataType;
import dev.mlops.registry.FieldSpec;
import dev.mlops.training.TrainingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataSourceTest {

  private static final TabularSchema SCHEMA = TabularSchema.of(
      List.of(
          FieldSpec.scalar("age", DataType.FLOAT64),
          FieldSpec.scalar("calls", DataType.INT32).asOptional(),
          FieldSpec.scalar("note", DataType.STRING),
          FieldSpec.scalar("paperless", DataType.BOOLEAN)),
      FieldSpec.categorical("churned", List.of("no", "yes")));

  @TempDir Path tmp;

  private CsvDataSource csv(String content) throws IOException {
    Path file = tmp.resolve("data.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return CsvDataSource.of(file, SCHEMA);
  }

  @Test
  void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() throws IOException {
    TabularDataset data = csv("""
        age,calls,note,paperless,churned\r
        42.5,3,"likes ""pro"", maybe",true,yes\r
        30,,"two
        lines",FALSE,no\r
        """).fetch();

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.features(0)).containsEntry("age", 42.5).containsEntry("calls", 3)
        .containsEntry("note", "likes \"pro\", maybe").containsEntry("paperless", true);
    assertThat(data.target(0)).isEqualTo("yes");
    assertThat(data.features(1)).containsEntry("note", "two\nlines")
        .containsEntry("paperless", false);
    assertThat(data.features(1).get("calls")).isNull();
  }

  @Test
  void readsColumnsByHeaderNameInAnyOrderIgnoringExtraColumnsBlankLinesAndAByteOrderMark()
      throws IOException {
    TabularDataset data = csv("\uFEFFid,churned,paperless,note,calls,age\n"
        + "1,no,true,a,1,20\n\n"
        + "2,yes,false,b,2,21").fetch();

    assertThat(data.size()).isEqualTo(2);
    assertThat(data.features(1)).containsEntry("age", 21.0).containsEntry("note", "b");
    assertThat(data.features(0).keySet()).containsExactly("age", "calls", "note", "paperless");
  }

  @Test
  void hasTheFingerprintOfTheSameRowsBuiltInMemory() throws IOException {
    TabularDataset fromCsv = csv("""
        churned,age,calls,note,paperless
        no,20.0,1,a,true
        yes,1e1,,"b",false
        """).fetch();
    TabularDataset inMemory = TabularDataset.builder(SCHEMA)
        .addRow(Map.of("age", 20, "calls", 1, "note", "a", "paperless", true), "no")
        .addRow(Map.of("age", 10.0, "note", "b", "paperless", false), "yes")
        .build();

    assertThat(fromCsv.fingerprint()).isEqualTo(inMemory.fingerprint());
  }

  @Test
  void isDescribedByTheFileUri() throws IOException {
    CsvDataSource source = csv("age,calls,note,paperless,churned\n");

    assertThat(source.describe()).startsWith("file:/").endsWith("/data.csv");
    assertThat(source.fetch().size()).isZero();
  }

  @Test
  void aValueThatDoesNotParseIsReportedWithFileLineAndColumn() throws IOException {
    CsvDataSource source = csv("""
        age,calls,note,paperless,churned
        42,1,a,true,no
        "x",1,b,true,no
        """);

    assertThatThrownBy(source::fetch)
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("data.csv, line 3, column 1 ('age'): 'x' is not a decimal number");
  }

  @Test
  void aValueOutsideTheSchemaIsReportedWithFileLineAndColumn() throws IOException {
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        42,1,"multi
        line",yes,no
        """)::fetch)
        .hasMessageContaining("line 2, column 4 ('paperless'): 'yes' is not a boolean");
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        42,1,a,true,maybe
        """)::fetch)
        .hasMessageContaining("line 2, column 5 ('churned'): 'maybe' is not one of the categories");
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        ,1,a,true,no
        """)::fetch)
        .hasMessageContaining("line 2, column 1 ('age'): no value, but the feature is required");
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        1,2.5,a,true,no
        """)::fetch)
        .hasMessageContaining("line 2, column 2 ('calls'): '2.5' is not an integer");
  }

  @Test
  void aQuoteThatIsNeverClosedIsReportedWhereItOpens() throws IOException {
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        42,1,a,true,no
        42,1,"open,true,no
        43,1,a,true,no
        """)::fetch)
        .hasMessageContaining("line 3, column 3 ('note'): a quoted field opened in this record is"
            + " never closed");
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKeptButTextAfterAClosingQuoteIsAnError() throws IOException {
    assertThat(csv("""
        age,calls,note,paperless,churned
        42,1,a"b,true,no
        """).fetch().features(0)).containsEntry("note", "a\"b");
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        42,1,"a"b,true,no
        """)::fetch)
        .hasMessageContaining("line 2, column 3 ('note'): a quoted field must end at a comma");
  }

  @Test
  void aRecordWithTheWrongNumberOfFieldsIsReportedByLine() throws IOException {
    assertThatThrownBy(csv("""
        age,calls,note,paperless,churned
        42,1,a,true,no
        42,1,a,true
        """)::fetch)
        .hasMessageContaining("line 3: the record has 4 fields but the header has 5");
  }

  @Test
  void aHeaderMustNameEveryColumnOfTheSchemaOnce() throws IOException {
    assertThatThrownBy(csv("age,note,paperless,churned\n1,a,true,no\n")::fetch)
        .hasMessageContaining("lacks the column 'calls'");
    assertThatThrownBy(csv("age,calls,note,paperless,churned,age\n")::fetch)
        .hasMessageContaining("line 1, column 6: the header names 'age' twice (also column 1)");
    assertThatThrownBy(csv("")::fetch)
        .hasMessageContaining("the file is empty; a CSV file needs a header line");
  }

  @Test
  void aMissingOrUndecodableFileIsATrainingException() throws IOException {
    assertThatThrownBy(CsvDataSource.of(tmp.resolve("none.csv"), SCHEMA)::fetch)
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("none.csv does not exist");
    Path latin1 = tmp.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'a', (byte) 0xE9, '\n'});
    assertThatThrownBy(CsvDataSource.of(latin1, SCHEMA)::fetch)
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("is not valid UTF-8");
  }
}
