package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.Pathwatch;
import dk.pathwatch.common.ExitCodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Rule files are bounded in size, aliases, nesting and the values they expand to. "Little memory" is measured as the
 * bytes the checking thread allocates (the JVM counts them), not as time: the refused documents below would expand
 * to hundreds of millions of values.
 */
class RuleFileLimitsTest {
  /** Allocation allowed for refusing a hostile document (loading the JSON schema is part of it). */
  private static final long LITTLE_MEMORY = 64L << 20;

  /** Billion laughs within SnakeYAML's default of 50 aliases: 24 levels of two aliases expand to 2^24 copies. */
  static String billionLaughs() {
    StringBuilder doc = new StringBuilder("scope: marker\nl0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for (int level = 1; level <= 24; level++) {
      doc.append("l").append(level).append(": &l").append(level).append(" [*l").append(level - 1).append(", *l")
          .append(level - 1).append("]\n");
    }
    return doc.append("rules: []\n").toString();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  private static int lintCli(Path dir, StringWriter err) {
    CommandLine cli = Pathwatch.commandLine();
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute("rules", "lint", "--rules", dir.toString());
  }

  @Test
  void aBillionLaughsDocumentIsRefusedInLittleMemory(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("marker.yaml"), billionLaughs());
    long before = allocatedBytes();
    List<RuleSet.Problem> problems = RuleSet.lint(dir, dk.pathwatch.common.ProjectFiles.bundled("schemas")
        .resolve("rules.schema.json"));
    long allocated = allocatedBytes() - before;
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("marker.yaml:1: refused: Number of aliases for non-scalar nodes exceeds the specified max="
        + YamlTree.MAX_ALIASES, problems.get(0).toString());
    assertTrue(allocated < LITTLE_MEMORY, "allocated " + allocated + " bytes");

    StringWriter err = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lintCli(dir, err));
    assertTrue(err.toString().contains("marker.yaml:1: refused: Number of aliases"), err.toString());
  }

  @Test
  void aDocumentWithinTheAliasLimitThatExpandsTooFarIsRefused() {
    StringJoiner base = new StringJoiner(", ", "[", "]");
    for (int i = 0; i < 2_000; i++) {
      base.add("v" + i);
    }
    // 10 aliases: 2,000 values doubled five times = 64,000 values
    String doc = "scope: marker\nl0: &l0 " + base + "\nl1: &l1 [*l0, *l0]\nl2: &l2 [*l1, *l1]\nl3: &l3 [*l2, *l2]\n"
        + "l4: &l4 [*l3, *l3]\nl5: [*l4, *l4]\nrules: []\n";
    long before = allocatedBytes();
    YamlTree.YamlError e = assertThrows(YamlTree.YamlError.class, () -> YamlTree.parse(doc));
    assertTrue(allocatedBytes() - before < LITTLE_MEMORY);
    assertTrue(e.getMessage().contains("expands to more than " + YamlTree.MAX_VALUES + " values"), e.getMessage());
  }

  @Test
  void aCollectionThatHoldsItselfIsRefused() {
    YamlTree.YamlError e = assertThrows(YamlTree.YamlError.class,
        () -> YamlTree.parse("scope: marker\nloop: &loop [1, *loop]\nrules: []\n"));
    assertTrue(e.getMessage().contains("nests deeper than " + YamlTree.MAX_DEPTH), e.getMessage());
  }

  @Test
  void deepNestingIsRefused() {
    int depth = YamlTree.MAX_DEPTH + 5;
    String doc = "scope: marker\nrules: []\ndeep: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
    YamlTree.YamlError e = assertThrows(YamlTree.YamlError.class, () -> YamlTree.parse(doc));
    assertTrue(e.getMessage().contains("Nesting Depth exceeded"), e.getMessage());
  }

  @Test
  void anOversizedFileIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    String doc = "scope: marker\ndescription: \"" + "x".repeat(YamlTree.MAX_DOCUMENT_CHARS) + "\"\nrules: []\n";
    Files.writeString(dir.resolve("marker.yaml"), doc);
    StringWriter err = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lintCli(dir, err));
    assertTrue(err.toString().contains("marker.yaml:1: the document is " + doc.length() + " characters long"),
        err.toString());

    Files.writeString(dir.resolve("marker.yaml"), "#".repeat(YamlTree.MAX_DOCUMENT_CHARS * 4 + 1));
    StringWriter err2 = new StringWriter();
    assertEquals(ExitCodes.RULES_INVALID, lintCli(dir, err2));
    assertTrue(err2.toString().contains("marker.yaml:1: the file is " + (YamlTree.MAX_DOCUMENT_CHARS * 4 + 1)
        + " bytes"), err2.toString());
  }
}
