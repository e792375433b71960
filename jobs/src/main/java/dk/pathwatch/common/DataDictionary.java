package dk.pathwatch.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data dictionary: every input and output table of {@code schemas/input/} and {@code schemas/output/} with
 * each column's type, nullability and its English and Danish description, rendered as the Markdown page
 * {@code docs/data-dictionary.md} that the README links. The JSON schema files are the single source; the page is
 * generated so it cannot drift from them (a test compares the committed page with a fresh rendering).
 *
 * <p>Regenerate with {@code java -cp jobs/target/pathwatch.jar dk.pathwatch.common.DataDictionary schemas
 * docs/data-dictionary.md} from the repository root.
 */
public final class DataDictionary {
  static final String REGENERATE = "java -cp jobs/target/pathwatch.jar dk.pathwatch.common.DataDictionary schemas "
      + "docs/data-dictionary.md";

  /** One column (or, for a JSON document, one field path) of a schema. */
  public record Column(String name, String type, boolean nullable, String descriptionEn, String descriptionDa) {}

  /** One schema file: a Parquet table, or with {@code format = json} a JSON document such as the manifest. */
  public record Table(String name, String format, boolean optional, String descriptionEn, String descriptionDa,
      List<Column> columns) {

    public List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }

    public boolean isParquet() {
      return format.equals("parquet");
    }
  }

  private DataDictionary() {}

  /** Writes the page: {@code args[0]} the schemas folder (default {@code schemas}), {@code args[1]} the file. */
  public static void main(String[] args) throws IOException {
    Path schemas = Path.of(args.length > 0 ? args[0] : "schemas");
    Path page = Path.of(args.length > 1 ? args[1] : "docs/data-dictionary.md");
    Files.writeString(page, markdown(schemas), StandardCharsets.UTF_8);
    System.out.println("wrote " + page);
  }

  /** The schemas of one folder (e.g. {@code schemas/output}), sorted by file name. */
  public static List<Table> read(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
          .map(DataDictionary::readTable).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  static Table readTable(Path file) {
    try {
      JsonNode root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
      List<Column> columns = new ArrayList<>();
      for (JsonNode c : root.path("columns")) {
        columns.add(new Column(c.path("name").asText(), c.path("type").asText(), c.path("nullable").asBoolean(true),
            c.path("description_en").asText(""), c.path("description_da").asText("")));
      }
      return new Table(root.path("table").asText(), root.path("format").asText("parquet"),
          root.path("optional").asBoolean(false), root.path("description_en").asText(""),
          root.path("description_da").asText(""), List.copyOf(columns));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse schema " + file, e);
    }
  }

  /** The whole page for a {@code schemas/} folder holding {@code input/} and {@code output/}. */
  public static String markdown(Path schemas) {
    List<Table> inputs = read(schemas.resolve("input"));
    List<Table> outputs = read(schemas.resolve("output"));
    StringBuilder md = new StringBuilder();
    md.append("# Data dictionary\n\n")
        .append("Every table Pathwatch reads and publishes, with each column's Spark type, whether it may be null, ")
        .append("and its meaning in English and Danish (*dansk*).\n\n")
        .append("Generated from `schemas/input/*.json` and `schemas/output/*.json` by ")
        .append("`dk.pathwatch.common.DataDictionary`; do not edit by hand. Regenerate from the repository root "
            + "with\n`")
        .append(REGENERATE).append("`\n(the test `DataDictionaryTest` fails when this page is stale).\n\n")
        .append("Aggregate rows carry a `cell_id`; the `pathways` and `clocks` rows list the cells they count in ")
        .append("(`cell_ids`), and `pathwatch trace --run DIR --cell CELL_ID` prints a cell's pathways and ")
        .append("markers.\n\n");
    md.append("## Contents\n\n");
    md.append("* Inputs (snapshot, Parquet): ").append(links(inputs)).append('\n');
    md.append("* Outputs (`tables/` of a published run, Parquet): ")
        .append(links(outputs.stream().filter(Table::isParquet).toList())).append('\n');
    md.append("* Run documents (JSON): ")
        .append(links(outputs.stream().filter(t -> !t.isParquet()).toList())).append("\n\n");
    md.append("## Inputs\n\n");
    inputs.forEach(t -> table(md, t));
    md.append("## Outputs\n\n");
    outputs.stream().filter(Table::isParquet).forEach(t -> table(md, t));
    md.append("## Run documents\n\n");
    outputs.stream().filter(t -> !t.isParquet()).forEach(t -> table(md, t));
    return md.toString();
  }

  private static String links(List<Table> tables) {
    return String.join(", ", tables.stream().map(t -> "[" + t.name() + "](#" + t.name() + ")").toList());
  }

  private static void table(StringBuilder md, Table t) {
    md.append("### ").append(t.name()).append("\n\n");
    md.append(t.descriptionEn()).append(t.optional() ? " *(optional input)*" : "").append("\n\n");
    md.append("*Dansk:* ").append(t.descriptionDa()).append("\n\n");
    String what = t.isParquet() ? "column" : "field";
    md.append("| ").append(what).append(" | type | nullable | description | beskrivelse |\n");
    md.append("|---|---|---|---|---|\n");
    for (Column c : t.columns()) {
      md.append("| `").append(cell(c.name())).append("` | `").append(cell(c.type())).append("` | ")
          .append(c.nullable() ? "yes" : "no").append(" | ").append(cell(c.descriptionEn())).append(" | ")
          .append(cell(c.descriptionDa())).append(" |\n");
    }
    md.append('\n');
  }

  /** Escapes what would break a Markdown table cell. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
