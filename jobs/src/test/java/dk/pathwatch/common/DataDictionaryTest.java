package dk.pathwatch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The committed data dictionary page is the rendering of the schema files, and every schema file is complete: both
 * descriptions for every table and column, types Spark can parse. (That the schemas match what a run writes is
 * checked against a real run by {@code dk.pathwatch.e2e.DataDictionaryIT}.)
 */
class DataDictionaryTest {
  static final Path HOME = Path.of(System.getProperty("pathwatch.home", ".."));
  static final Path SCHEMAS = HOME.resolve("schemas");

  @Test
  void theCommittedPageIsTheRenderingOfTheSchemas() throws Exception {
    Path page = HOME.resolve("docs/data-dictionary.md");
    String fresh = DataDictionary.markdown(SCHEMAS);
    String committed = Files.exists(page) ? Files.readString(page) : "";
    if (!fresh.equals(committed)) {
      Path candidate = Path.of("target/data-dictionary.md");
      Files.writeString(candidate, fresh);
      assertEquals(fresh, committed, "docs/data-dictionary.md is stale: regenerate it with `"
          + DataDictionary.REGENERATE + "` (fresh rendering in jobs/" + candidate + ")");
    }
  }

  @Test
  void everyTableAndColumnHasBothDescriptionsAndASparkType() {
    List<DataDictionary.Table> tables = new ArrayList<>(DataDictionary.read(SCHEMAS.resolve("input")));
    tables.addAll(DataDictionary.read(SCHEMAS.resolve("output")));
    assertTrue(tables.size() >= 15, "3 inputs, 11 output tables and the manifest: " + tables.size());
    for (DataDictionary.Table t : tables) {
      assertFalse(t.descriptionEn().isBlank() || t.descriptionDa().isBlank(), t.name() + " described");
      assertFalse(t.columns().isEmpty(), t.name() + " has columns");
      assertEquals(t.columns().size(), t.columnNames().stream().distinct().count(), t.name() + ": names unique");
      for (DataDictionary.Column c : t.columns()) {
        String where = t.name() + "." + c.name();
        assertFalse(c.descriptionEn().isBlank(), where + " description_en");
        assertFalse(c.descriptionDa().isBlank(), where + " description_da");
        if (t.isParquet()) {
          String parsed = StructType.fromDDL("`x` " + c.type()).fields()[0].dataType().simpleString();
          assertEquals(c.type(), parsed, where + ": type is a Spark simpleString");
        } else {
          assertTrue(List.of("object", "array", "string", "integer", "number", "boolean").contains(c.type()),
              where + ": JSON type");
        }
      }
    }
  }

  @Test
  void theReadmeLinksThePage() throws Exception {
    assertTrue(Files.readString(HOME.resolve("README.md")).contains("](docs/data-dictionary.md)"),
        "README links docs/data-dictionary.md");
  }
}
