package dev.mlops.bench;

import dev.mlops.core.io.internal.CsvRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Converts predict-scale.sh's generated CSV (the churn fixture's features and a customer id) to
 * Parquet, Snappy-compressed, in row groups of 32 MB, for the Parquet runs of {@code mlops predict}.
 *
 * <pre>{@code java -cp ... dev.mlops.bench.CsvToParquet input.csv input.parquet}</pre>
 */
public final class CsvToParquet {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
      message churn {
        required binary customer (STRING);
        required boolean has_support;
        required binary contract (STRING);
        required double monthly_charges;
        required float tenure_months;
      }""");

  private CsvToParquet() {}

  /**
   * Converts a file.
   *
   * @param args the CSV file and the Parquet file to write
   * @throws IOException if a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (CsvRecordReader csv = CsvRecordReader.open(Path.of(args[0]));
        ParquetWriter<Group> parquet = ExampleParquetWriter.builder(new LocalOutputFile(Path.of(args[1])))
            .withConf(new PlainParquetConfiguration()).withType(SCHEMA)
            .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(32L << 20).build()) {
      for (String[] row = csv.next(); row != null; row = csv.next()) {
        parquet.write(groups.newGroup().append("customer", row[0])
            .append("has_support", Boolean.parseBoolean(row[1])).append("contract", row[2])
            .append("monthly_charges", Double.parseDouble(row[3]))
            .append("tenure_months", Float.parseFloat(row[4])));
      }
    }
  }
}
