package dk.pathwatch.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.RunParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule files of {@code validation-rules/rules/*.yaml}, linted and loaded. Loading refuses the whole set,
 * with file, line and reason for every problem, when a file does not match {@code schemas/rules.schema.json},
 * when an id is used twice, when a {@code when} expression does not parse or names an unknown column or
 * function, or when a {@code ${placeholder}} is neither a run parameter nor one of the rule's own. All of this
 * needs no data, so {@code run} calls it before reading the snapshot.
 */
public final class RuleSet {
  private static final Logger LOG = LoggerFactory.getLogger(RuleSet.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Placeholders a dataset rule's message may use besides its parameters. */
  private static final Set<String> DATASET_MESSAGE_VALUES = Set.of("metric", "violations", "region", "min",
      "max_drop_share", "table", "column");

  /** One reason a rule file is refused. */
  public record Problem(String file, int line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  private final List<Rule> rules;
  private final String hash;

  private RuleSet(List<Rule> rules, String hash) {
    this.rules = List.copyOf(rules);
    this.hash = hash;
  }

  /** A rule set from rules already built (tests, tools); no lint. */
  public static RuleSet of(List<Rule> rules) {
    return new RuleSet(rules, "");
  }

  /** The rule folder of the bundled {@code validation-rules/}, or of the override given on the command line. */
  public static Path rulesFolder(Path validationRulesOverride) {
    Path base = ProjectFiles.folder("validation-rules", validationRulesOverride);
    Path rules = base.resolve("rules");
    return Files.isDirectory(rules) ? rules : base;
  }

  /** Loads and lints every {@code *.yaml}/{@code *.yml} of a folder against the bundled schema. */
  public static RuleSet load(Path rulesDir) {
    return load(rulesDir, bundledSchema());
  }

  private static Path bundledSchema() {
    return ProjectFiles.bundled("schemas").resolve("rules.schema.json");
  }

  /**
   * Loads and lints a rule folder.
   *
   * @throws PathwatchException with {@link ExitCodes#RULES_INVALID} listing every problem as file:line: reason
   */
  public static RuleSet load(Path rulesDir, Path schemaFile) {
    List<Problem> problems = new ArrayList<>();
    RuleSet set = read(rulesDir, schemaFile, problems);
    if (!problems.isEmpty()) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "rule files refused (" + problems.size()
          + " problem(s)):\n" + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }
    LOG.info("loaded {} rules from {} (hash {})", set.rules.size(), rulesDir, set.hash.substring(0, 12));
    return set;
  }

  /** Every problem of a rule folder against the bundled schema (empty when it loads); for the run's preflight. */
  public static List<Problem> lint(Path rulesDir) {
    return lint(rulesDir, bundledSchema());
  }

  /** Every problem of a rule folder (empty when it loads); for {@code rules lint}. */
  public static List<Problem> lint(Path rulesDir, Path schemaFile) {
    List<Problem> problems = new ArrayList<>();
    read(rulesDir, schemaFile, problems);
    return problems;
  }

  public List<Rule> rules() {
    return rules;
  }

  /** Rules of a scope, in file order. */
  public List<Rule> rules(Scope scope) {
    return rules.stream().filter(r -> r.scope() == scope).toList();
  }

  /** Rules of a scope that apply to a run with this cut-off date. */
  public List<Rule> active(Scope scope, LocalDate cutoff) {
    return rules(scope).stream().filter(r -> r.validOn(cutoff)).toList();
  }

  /** SHA-256 over the rule files (name and content, in name order): the rule-set version in the manifest. */
  public String hash() {
    return hash;
  }

  // ---------------------------------------------------------------------------------------------------------

  private static RuleSet read(Path rulesDir, Path schemaFile, List<Problem> problems) {
    JsonSchema schema = schema(schemaFile);
    List<Path> files = ruleFiles(rulesDir);
    if (files.isEmpty()) {
      problems.add(new Problem(rulesDir.toString(), 0, "no rule files (*.yaml) in the folder"));
    }
    List<Rule> rules = new ArrayList<>();
    MessageDigest digest = sha256();
    for (Path file : files) {
      long bytes = size(file);
      if (bytes > YamlTree.MAX_DOCUMENT_CHARS * 4L) { // UTF-8: at most 4 bytes a character; parse checks chars
        problems.add(new Problem(file.getFileName().toString(), 1, "the file is " + bytes + " bytes (a rule file "
            + "holds at most " + YamlTree.MAX_DOCUMENT_CHARS + " characters)"));
        continue;
      }
      String text = ProjectFiles.read(file);
      digest.update((file.getFileName() + "\n" + text + "\n").getBytes(StandardCharsets.UTF_8));
      rules.addAll(readFile(file.getFileName().toString(), text, schema, problems));
    }
    checkDuplicateIds(rules, problems);
    problems.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
    return new RuleSet(rules, HexFormat.of().formatHex(digest.digest()));
  }

  private static List<Path> ruleFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "rule folder not found: " + dir);
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "cannot list rule folder " + dir, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "cannot read rule file " + file, e);
    }
  }

  private static JsonSchema schema(Path schemaFile) {
    try {
      JsonNode schema = MAPPER.readTree(ProjectFiles.read(schemaFile));
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    } catch (IOException e) {
      throw new PathwatchException(ExitCodes.RULES_INVALID, "rule schema unreadable: " + schemaFile, e);
    }
  }

  private static List<Rule> readFile(String file, String text, JsonSchema schema, List<Problem> problems) {
    YamlTree tree;
    try {
      tree = YamlTree.parse(text);
    } catch (YamlTree.YamlError e) {
      problems.add(new Problem(file, e.line, e.getMessage()));
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    for (ValidationMessage m : schema.validate(tree.root())) {
      String pointer = YamlTree.pointerOf(m.getPath());
      if ("additionalProperties".equals(m.getType()) && m.getArguments() != null && m.getArguments().length > 0) {
        pointer += "/" + m.getArguments()[0]; // the validator reports the object; point at the stray key
      }
      int line = tree.lineOf(pointer);
      if (seen.add(line + m.getMessage())) {
        problems.add(new Problem(file, line, m.getMessage()));
      }
    }
    if (!seen.isEmpty()) {
      return List.of();
    }
    Scope scope = Scope.of(tree.root().get("scope").asText());
    List<Rule> rules = new ArrayList<>();
    JsonNode list = tree.root().get("rules");
    for (int i = 0; i < list.size(); i++) {
      int line = tree.lineOf("/rules/" + i);
      Rule rule = toRule(list.get(i), scope, file, line, problems);
      if (rule != null) {
        checkRule(rule, tree, i, problems);
        rules.add(rule);
      }
    }
    return rules;
  }

  private static Rule toRule(JsonNode n, Scope scope, String file, int line, List<Problem> problems) {
    try {
      Map<String, Object> params = n.has("params")
          ? MAPPER.convertValue(n.get("params"), MAPPER.getTypeFactory()
              .constructMapType(LinkedHashMap.class, String.class, Object.class))
          : Map.of();
      List<String> values = n.has("values")
          ? MAPPER.convertValue(n.get("values"), MAPPER.getTypeFactory()
              .constructCollectionType(List.class, String.class))
          : List.of();
      return new Rule(text(n, "id"), Severity.valueOf(text(n, "severity")), scope, text(n, "title"),
          text(n, "when"), text(n, "message_da"), text(n, "message_en"), date(n, "valid_from"),
          date(n, "valid_to"), params, text(n, "source"), text(n, "check"), text(n, "table"), text(n, "column"),
          values, number(n, "min"), number(n, "max_drop_share"), file, line);
    } catch (DateTimeParseException e) {
      problems.add(new Problem(file, line, "not a date: " + e.getParsedString()));
      return null;
    }
  }

  /** Checks the schema cannot express: date order, placeholders, the expression itself. */
  private static void checkRule(Rule rule, YamlTree tree, int index, List<Problem> problems) {
    String at = "/rules/" + index;
    if (rule.validFrom() != null && rule.validTo() != null && rule.validTo().isBefore(rule.validFrom())) {
      problems.add(new Problem(rule.file(), tree.lineOf(at + "/valid_to"),
          rule.id() + ": valid_to " + rule.validTo() + " is before valid_from " + rule.validFrom()));
    }
    Set<String> runNames = runParameterNames();
    Set<String> messageNames = new LinkedHashSet<>(rule.params().keySet());
    messageNames.addAll(runNames);
    if (rule.scope() == Scope.DATASET) {
      messageNames.addAll(DATASET_MESSAGE_VALUES);
    }
    for (String field : List.of("message_da", "message_en")) {
      String text = field.equals("message_da") ? rule.messageDa() : rule.messageEn();
      for (String name : Rule.placeholders(text)) {
        if (!messageNames.contains(name)) {
          problems.add(new Problem(rule.file(), tree.lineOf(at + "/" + field),
              rule.id() + ": unknown parameter ${" + name + "} in " + field));
        }
      }
    }
    if (rule.scope() == Scope.DATASET) {
      return;
    }
    int whenLine = tree.lineOf(at + "/when");
    boolean placeholdersKnown = true;
    for (String name : Rule.placeholders(rule.when())) {
      if (!rule.params().containsKey(name) && !runNames.contains(name)) {
        problems.add(new Problem(rule.file(), whenLine, rule.id() + ": unknown parameter ${" + name + "} in when"));
        placeholdersKnown = false;
      }
    }
    if (placeholdersKnown) {
      String sql = rule.expression(lintRunParameters());
      for (String reason : ExpressionLint.problems(sql, rule.scope().columns())) {
        problems.add(new Problem(rule.file(), whenLine, rule.id() + ": " + reason));
      }
    }
  }

  private static void checkDuplicateIds(List<Rule> rules, List<Problem> problems) {
    Map<String, Rule> first = new LinkedHashMap<>();
    for (Rule rule : rules) {
      Rule earlier = first.putIfAbsent(rule.id(), rule);
      if (earlier != null) {
        problems.add(new Problem(rule.file(), rule.line(), "duplicate rule id " + rule.id()
            + " (first defined at " + earlier.file() + ":" + earlier.line() + ")"));
      }
    }
  }

  /** Stand-in values for the run parameters: lint checks syntax only, so any valid literal will do. */
  private static Map<String, String> lintRunParameters() {
    LocalDate day = LocalDate.of(2000, 1, 1);
    return new RunParameters(day, day).sqlParameters();
  }

  private static Set<String> runParameterNames() {
    return lintRunParameters().keySet();
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static LocalDate date(JsonNode n, String field) {
    return n.hasNonNull(field) ? LocalDate.parse(n.get(field).asText()) : null;
  }

  private static Double number(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asDouble() : null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
