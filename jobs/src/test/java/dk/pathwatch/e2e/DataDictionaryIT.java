package dk.pathwatch.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.SharedSpark;
import dk.pathwatch.common.DataDictionary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The data dictionary against a real published run: every table the job writes has a schema in
 * {@code schemas/output/}, every column has an entry with the right Spark type (and both descriptions, see
 * {@code DataDictionaryTest}), no schema lists a column the table lacks, and a column declared not nullable has no
 * null. The manifest's fields match {@code schemas/output/manifest.json} the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataDictionaryIT {
  static final Path HOME = Path.of(System.getProperty("pathwatch.home", ".."));
  static final String DATE = "2025-06-30";

  Path published;
  Map<String, DataDictionary.Table> schemas = new LinkedHashMap<>();

  @BeforeAll
  void run() {
    published = PublishedRuns.get(3000, 7, DATE);
    DataDictionary.read(HOME.resolve("schemas/output")).forEach(t -> schemas.put(t.name(), t));
  }

  @Test
  void everyPublishedTableHasASchemaAndEverySchemaATable() throws Exception {
    Set<String> written;
    try (Stream<Path> dirs = Files.list(published.resolve("tables"))) {
      written = dirs.map(d -> d.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> described = schemas.values().stream().filter(DataDictionary.Table::isParquet)
        .map(DataDictionary.Table::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(described, written);
    assertEquals(11, written.size(), written.toString());
  }

  @Test
  void everyColumnIsDescribedWithItsTypeAndNoSchemaColumnIsMissing() {
    for (DataDictionary.Table schema : schemas.values()) {
      if (!schema.isParquet()) {
        continue;
      }
      Dataset<Row> table = SharedSpark.get().read().parquet(published.resolve("tables/" + schema.name()).toString());
      Map<String, String> actual = new LinkedHashMap<>();
      for (StructField f : table.schema().fields()) {
        actual.put(f.name(), f.dataType().simpleString());
      }
      Map<String, String> declared = new LinkedHashMap<>();
      schema.columns().forEach(c -> declared.put(c.name(), c.type()));
      assertEquals(actual, declared, schema.name() + ": columns and types (written vs schemas/output)");
    }
  }

  @Test
  void aColumnDeclaredNotNullableHasNoNull() {
    List<String> violations = new ArrayList<>();
    for (DataDictionary.Table schema : schemas.values()) {
      List<String> required = schema.columns().stream().filter(c -> !c.nullable())
          .map(DataDictionary.Column::name).toList();
      if (!schema.isParquet() || required.isEmpty()) {
        continue;
      }
      Dataset<Row> table = SharedSpark.get().read().parquet(published.resolve("tables/" + schema.name()).toString());
      Column[] nulls = required.stream().map(c -> count(when(col(c).isNull(), 1)).as(c)).toArray(Column[]::new);
      Row counts = table.agg(nulls[0], java.util.Arrays.copyOfRange(nulls, 1, nulls.length)).first();
      for (String c : required) {
        long n = counts.getLong(counts.fieldIndex(c));
        if (n > 0) {
          violations.add(schema.name() + "." + c + ": " + n + " nulls");
        }
      }
      assertTrue(table.count() > 0, schema.name() + " has rows");
    }
    assertEquals(List.of(), violations);
  }

  @Test
  void theManifestFieldsAreTheDescribedOnes() throws Exception {
    JsonNode manifest = new ObjectMapper().readTree(published.resolve("manifest.json").toFile());
    Map<String, String> found = new LinkedHashMap<>();
    walk(manifest, "", found);
    DataDictionary.Table schema = schemas.get("manifest");
    Map<String, DataDictionary.Column> described = new LinkedHashMap<>();
    schema.columns().forEach(c -> described.put(c.name(), c));
    List<String> problems = new ArrayList<>();
    found.forEach((path, type) -> {
      DataDictionary.Column c = described.get(path);
      if (c == null) {
        problems.add("not described: " + path);
      } else if (!type.equals("null") && !type.equals(c.type())) {
        problems.add(path + " is " + type + ", described as " + c.type());
      } else if (type.equals("null") && !c.nullable()) {
        problems.add(path + " is null, described as not nullable");
      }
    });
    described.values().stream().filter(c -> !c.nullable() && !found.containsKey(c.name()))
        .forEach(c -> problems.add("described but absent: " + c.name()));
    assertEquals(List.of(), problems);
  }

  /** Every field path of a JSON document: object keys as described ({@code *} for maps), lists as []. */
  private void walk(JsonNode node, String path, Map<String, String> found) {
    if (!path.isEmpty()) {
      found.put(path, jsonType(node));
    }
    if (node.isObject()) {
      boolean map = schemas.get("manifest").columnNames().contains(path + ".*")
          || schemas.get("manifest").columnNames().stream().anyMatch(n -> n.startsWith(path + ".*."));
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        walk(e.getValue(), (path.isEmpty() ? "" : path + ".") + (map ? "*" : e.getKey()), found);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        walk(element, path + "[]", found);
      }
    }
  }

  private static String jsonType(JsonNode node) {
    if (node.isObject()) {
      return "object";
    } else if (node.isArray()) {
      return "array";
    } else if (node.isIntegralNumber()) {
      return "integer";
    } else if (node.isNumber()) {
      return "number";
    } else if (node.isBoolean()) {
      return "boolean";
    } else if (node.isNull()) {
      return "null";
    }
    return "string";
  }
}
