package dk.pathwatch.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one Parquet file of rows whose cells are {@link String} or {@link LocalDate} (or null), for a Spark
 * schema of string and date columns, as Spark itself would write it: {@code optional binary (STRING)} and
 * {@code optional int32 (DATE)}, snappy, with Spark's schema and version in the footer. The generator writes
 * its tables this way straight from each task, so that a person generated once feeds all three tables,
 * without a Spark cache or a second generation in between.
 */
final class RowFileWriter implements AutoCloseable {
  /** Footer keys Spark reads (ParquetReadSupport.SPARK_METADATA_KEY, package.SPARK_VERSION_METADATA_KEY). */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";
  static final String SPARK_VERSION_KEY = "org.apache.spark.version";

  private final ParquetWriter<Object[]> writer;
  private long rows;

  RowFileWriter(Path file, StructType schema, Configuration conf) {
    try {
      writer = new Builder(file, schema).withConf(conf).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
          .withCompressionCodec(CompressionCodecName.SNAPPY).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file + " for writing", e);
    }
  }

  /** Writes one row: one cell per column of the schema, in its order. */
  void write(Object... cells) {
    try {
      writer.write(cells);
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Parquet schema Spark writes for a struct of nullable string and date columns. */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (StructField f : schema.fields()) {
      if (f.dataType().equals(DataTypes.StringType)) {
        message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(f.name());
      } else if (f.dataType().equals(DataTypes.DateType)) {
        message.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(f.name());
      } else {
        throw new IllegalArgumentException("only string and date columns, not " + f);
      }
    }
    return message.named("spark_schema");
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final StructType schema;

    Builder(Path file, StructType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return new CellWriteSupport(schema);
    }
  }

  /** Sends each row's non-null cells to Parquet: strings as UTF-8, dates as days since 1970-01-01. */
  private static final class CellWriteSupport extends WriteSupport<Object[]> {
    private final StructType schema;
    private final MessageType parquet;
    private RecordConsumer consumer;

    CellWriteSupport(StructType schema) {
      this.schema = schema;
      this.parquet = parquetSchema(schema);
    }

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> footer = new HashMap<>();
      footer.put(SPARK_SCHEMA_KEY, schema.json());
      footer.put(SPARK_VERSION_KEY, org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT());
      return new WriteContext(parquet, footer);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] cells) {
      consumer.startMessage();
      for (int i = 0; i < cells.length; i++) {
        Object cell = cells[i];
        if (cell == null) {
          continue;
        }
        Type field = parquet.getType(i);
        consumer.startField(field.getName(), i);
        if (cell instanceof LocalDate d) {
          consumer.addInteger(Math.toIntExact(d.toEpochDay()));
        } else {
          // A byte-array Binary: the dictionary encoder hashes and compares it far faster than fromString's.
          consumer.addBinary(Binary.fromConstantByteArray(((String) cell).getBytes(StandardCharsets.UTF_8)));
        }
        consumer.endField(field.getName(), i);
      }
      consumer.endMessage();
    }
  }
}
