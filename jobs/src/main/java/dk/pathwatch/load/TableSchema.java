package dk.pathwatch.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.pathwatch.common.ProjectFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** A table's columns as declared in {@code schemas/input/<table>.json} or {@code schemas/output/<table>.json}. */
public record TableSchema(String table, boolean optional, List<Column> columns) {

  public record Column(String name, String type, boolean nullable) {}

  public static TableSchema read(Path file) {
    try {
      JsonNode root = new ObjectMapper().readTree(ProjectFiles.read(file));
      List<Column> columns = new ArrayList<>();
      for (JsonNode c : root.path("columns")) {
        columns.add(new Column(c.path("name").asText(), c.path("type").asText(), c.path("nullable").asBoolean(true)));
      }
      return new TableSchema(root.path("table").asText(), root.path("optional").asBoolean(false), List.copyOf(columns));
    } catch (IOException e) {
      throw new IllegalStateException("cannot parse table schema " + file + ": " + e.getMessage(), e);
    }
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  /** The declared columns as a Spark schema (all nullable, as Spark reads files), to read files with. */
  public StructType sparkSchema() {
    StructType schema = new StructType();
    for (Column c : columns) {
      schema = schema.add(c.name(), DataType.fromDDL(c.type()), true);
    }
    return schema;
  }
}
