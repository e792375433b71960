package dk.pathwatch.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.SharedSpark;
import dk.pathwatch.publish.OutputFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.Type;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table and the rest of its scope's rows written in one pass (issue #16: the pathways step wrote every checked row
 * to a work table and read it back for the table): the table holds its rows with the added columns, the rest the
 * others, both with the schema a work table's read gave (every column nullable), and the metrics are observed.
 */
class StepRunTableAndRestTest {
  private final SparkSession spark = SharedSpark.get();

  private StepRun run(Path tmp) {
    RunIdentity identity = new RunIdentity(tmp.resolve("out").toString(), tmp.resolve("snap").toString(), "f",
        "2025-04-30", "2025-03-31", "r", "h");
    return new StepRun(new RunSpec(identity, "2025-03-31", "snap", null, 1, "run-20250430T000000Z"), spark,
        new OutputFiles(spark.sparkContext().hadoopConfiguration()));
  }

  /** Ids 1..5, 4 and 5 orphans, 5 excluded; {@code flag} and {@code rules} (and its elements) not nullable. */
  private Dataset<Row> rows(Path tmp) {
    String folder = tmp.resolve("rows").toString();
    spark.sql("select * from values (1, false, false), (2, false, false), (3, false, false), (4, true, false),"
        + " (5, true, true) as t(id, orphan, excluded)").repartition(2).write().mode("overwrite").parquet(folder);
    return spark.read().parquet(folder).selectExpr("id", "orphan", "excluded", "coalesce(id > 0, false) as flag",
        "array(if(id > 0, 'R1', 'R2')) as rules");
  }

  @Test
  void writesTheTableAndTheRestInOnePass(@TempDir Path tmp) throws Exception {
    StepRun run = run(tmp);
    Dataset<Row> rows = rows(tmp);
    SparkContext sc = spark.sparkContext();
    String group = "table-and-rest-" + System.nanoTime();
    sc.setJobGroup(group, "count jobs", false);
    Map<String, Object> written;
    try {
      written = run.writeTableAndRest("things", "other_things", rows, col("orphan").equalTo(false),
          all -> all.withColumn("label", col("id").cast("string")), List.of("label"),
          count(when(col("excluded"), lit(1))).as("excluded_rows"));
    } finally {
      sc.clearJobGroup();
    }
    assertEquals(1, sc.statusTracker().getJobIdsForGroup(group).length, "one write of every row");
    assertEquals(3L, written.get(StepRun.ROWS));
    assertEquals(1L, written.get("excluded_rows"));

    Dataset<Row> table = run.readTable("things");
    assertEquals(List.of("id", "orphan", "excluded", "flag", "rules", "label"), Arrays.asList(table.columns()));
    assertEquals(List.of("[1,false,false,true,WrappedArray(R1),1]", "[2,false,false,true,WrappedArray(R1),2]",
        "[3,false,false,true,WrappedArray(R1),3]"), rows(table));
    Dataset<Row> rest = run.readRest("things", "other_things");
    assertEquals(Arrays.asList(table.columns()), Arrays.asList(rest.columns()));
    assertEquals(List.of("[4,true,false,true,WrappedArray(R1),4]", "[5,true,true,true,WrappedArray(R1),5]"),
        rows(rest));

    String folder = run.layout().stagingTable("things");
    assertTrue(new File(folder, "_SUCCESS").exists(), "marked complete as a write of its own marks it");
    for (Type field : footerSchema(folder)) {
      assertFalse(field.isRepetition(Type.Repetition.REQUIRED), field + " is nullable, as read from a work table");
    }
  }

  @Test
  void writesATableWithoutRowsAndAnEmptyRest(@TempDir Path tmp) {
    StepRun run = run(tmp);
    Map<String, Object> none = run.writeTableAndRest("things", "other_things", rows(tmp), lit(false),
        rows -> rows, List.of());
    assertEquals(0L, none.get(StepRun.ROWS));
    assertEquals(0, run.readTable("things").count());
    assertEquals(5, run.readRest("things", "other_things").count());

    Map<String, Object> all = run.writeTableAndRest("things", "other_things", rows(tmp), lit(true), rows -> rows,
        List.of());
    assertEquals(5L, all.get(StepRun.ROWS));
    assertEquals(5, run.readTable("things").count());
    assertEquals(0, run.readRest("things", "other_things").count());
    assertEquals(Arrays.asList(run.readTable("things").columns()),
        Arrays.asList(run.readRest("things", "other_things").columns()));
  }

  private static List<Type> footerSchema(String folder) throws Exception {
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().findFirst()
          .orElseThrow();
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
          new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
        return reader.getFooter().getFileMetaData().getSchema().getFields();
      }
    }
  }

  private static List<String> rows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
