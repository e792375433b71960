package dk.pathwatch.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document as a Jackson tree plus the line each value was written on, so that a schema violation
 * (reported by JSON path) can be shown at its YAML line. Built from SnakeYAML's node graph, which keeps
 * source marks; dates stay text (the schema checks their pattern).
 *
 * <p>A rule file is small, so its cost is bounded well below what SnakeYAML allows by default: the document's
 * length, the aliases to collections ({@code *name}: a "billion laughs" document of a few hundred bytes expands
 * into billions of values through them), the nesting, and the number of values the document expands to. Anything
 * beyond is refused before it is expanded.
 */
final class YamlTree {
  /** Characters of one rule file (the shipped ones are under 8,000). */
  static final int MAX_DOCUMENT_CHARS = 256 * 1024;
  /** Aliases to lists or mappings in one document (the shipped files use none). */
  static final int MAX_ALIASES = 10;
  /** Nesting of lists and mappings (a rule file needs 5). */
  static final int MAX_DEPTH = 20;
  /** Values (scalars, lists, mappings) of the expanded document. */
  static final int MAX_VALUES = 50_000;

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Pattern PATH_STEP = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]|\\['([^']*)']");

  private final JsonNode root;
  private final Map<String, Integer> lines = new HashMap<>();
  private int values;

  /** Thrown for text that is not a YAML document of mappings, lists and scalars. */
  static final class YamlError extends Exception {
    final int line;

    YamlError(int line, String message) {
      super(message);
      this.line = line;
    }
  }

  private YamlTree(Node node) throws YamlError {
    this.root = convert(node, "", 1);
  }

  static YamlTree parse(String text) throws YamlError {
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw new YamlError(1, "the document is " + text.length() + " characters long (at most " + MAX_DOCUMENT_CHARS
          + ")");
    }
    try {
      Node node = new Yaml(loaderOptions()).compose(new StringReader(text));
      if (node == null) {
        throw new YamlError(1, "the file is empty");
      }
      return new YamlTree(node);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
      throw new YamlError(line, "not valid YAML: " + e.getProblem());
    } catch (YAMLException e) { // a limit of loaderOptions(): SnakeYAML gives no position
      throw new YamlError(1, "refused: " + e.getMessage());
    }
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_DOCUMENT_CHARS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  JsonNode root() {
    return root;
  }

  /** Line of the value at a JSON pointer ({@code /rules/2/when}); the nearest known ancestor when absent. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 1;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Converts a validator path ({@code $.rules[2].severity}) to a JSON pointer ({@code /rules/2/severity}). */
  static String pointerOf(String jsonPath) {
    if (jsonPath == null || !jsonPath.startsWith("$")) {
      return "";
    }
    StringBuilder pointer = new StringBuilder();
    Matcher m = PATH_STEP.matcher(jsonPath.substring(1));
    while (m.find()) {
      String step = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      pointer.append('/').append(step);
    }
    return pointer.toString();
  }

  /** The node as JSON; aliases are expanded here, so the limits on values and depth are checked here too. */
  private JsonNode convert(Node node, String pointer, int depth) throws YamlError {
    int line = node.getStartMark().getLine() + 1;
    if (++values > MAX_VALUES) {
      throw new YamlError(line, "the document expands to more than " + MAX_VALUES + " values (through aliases?)");
    }
    if (depth > MAX_DEPTH) { // an alias can nest a collection in itself, or deeper than the text shows
      throw new YamlError(line, "the document nests deeper than " + MAX_DEPTH + " levels (through aliases?)");
    }
    lines.put(pointer, line);
    if (node instanceof MappingNode map) {
      ObjectNode object = JSON.objectNode();
      for (NodeTuple tuple : map.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
          throw new YamlError(tuple.getKeyNode().getStartMark().getLine() + 1, "a key must be a plain name");
        }
        String key = keyNode.getValue();
        if (object.has(key)) {
          throw new YamlError(keyNode.getStartMark().getLine() + 1, "duplicate key '" + key + "'");
        }
        String child = pointer + "/" + key;
        object.set(key, convert(tuple.getValueNode(), child, depth + 1));
        lines.put(child, keyNode.getStartMark().getLine() + 1);
      }
      return object;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode array = JSON.arrayNode();
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), pointer + "/" + i, depth + 1));
      }
      return array;
    }
    return scalar((ScalarNode) node);
  }

  private static JsonNode scalar(ScalarNode node) throws YamlError {
    Tag tag = node.getTag();
    String value = node.getValue();
    try {
      if (Tag.NULL.equals(tag)) {
        return JSON.nullNode();
      }
      if (Tag.BOOL.equals(tag)) {
        return JSON.booleanNode(java.util.Set.of("true", "yes", "on", "y")
            .contains(value.toLowerCase(java.util.Locale.ROOT)));
      }
      if (Tag.INT.equals(tag)) {
        return JSON.numberNode(Long.parseLong(value.replace("_", "")));
      }
      if (Tag.FLOAT.equals(tag)) {
        return JSON.numberNode(Double.parseDouble(value.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      throw new YamlError(node.getStartMark().getLine() + 1, "not a number: " + value);
    }
    return JSON.textNode(value);
  }
}
