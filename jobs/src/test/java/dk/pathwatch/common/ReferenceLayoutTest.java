package dk.pathwatch.common;

import static dk.pathwatch.common.ReferenceLayout.Kind.BOOLEAN;
import static dk.pathwatch.common.ReferenceLayout.Kind.DATE;
import static dk.pathwatch.common.ReferenceLayout.Kind.POSITIVE_INT;
import static dk.pathwatch.common.ReferenceLayout.Kind.TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference-data checks of the run's preflight, on small tables written per case (no Spark). */
class ReferenceLayoutTest {
  private static final ReferenceLayout LIMITS = new ReferenceLayout("limits", List.of(
      ReferenceLayout.oneOf("rule", List.of("UDR", "BEH")),
      ReferenceLayout.required("max_days", POSITIVE_INT),
      ReferenceLayout.optional("valid_from", DATE),
      ReferenceLayout.optional("valid_to", DATE),
      ReferenceLayout.required("verified", BOOLEAN),
      ReferenceLayout.required("source", TEXT)), List.of("rule"), true);

  private static final ReferenceLayout CODES = new ReferenceLayout("codes", List.of(
      ReferenceLayout.matching("code", "[0-9]{4}"),
      ReferenceLayout.required("name", TEXT),
      ReferenceLayout.optional("valid_from", DATE),
      ReferenceLayout.optional("valid_to", DATE)), List.of("code"), false);

  @TempDir Path dir;

  private List<String> check(ReferenceLayout layout, String... lines) throws Exception {
    Files.writeString(dir.resolve(layout.table() + ".tsv"), String.join("\n", lines) + "\n");
    return layout.check(dir);
  }

  private String at(ReferenceLayout layout, int line) {
    return dir.resolve(layout.table() + ".tsv") + ":" + line + ": ";
  }

  @Test
  void aSoundTableHasNoProblem() throws Exception {
    assertEquals(List.of(), check(LIMITS, "rule\tmax_days\tvalid_from\tvalid_to\tverified\tsource",
        "UDR\t14\t\t2023-12-31\ttrue\tSST", "UDR\t10\t2024-01-01\t\tfalse\tSST", "", "BEH\t14\t\t\ttrue\tSST"));
  }

  @Test
  void everyBadCellIsNamedWithItsLine() throws Exception {
    List<String> problems = check(LIMITS, "rule\tmax_days\tvalid_from\tvalid_to\tverified\tsource",
        "XYZ\t14\t\t\ttrue\tSST",
        "",
        "UDR\t0\t2024-13-01\t\tyes\t",
        "BEH\tmany\t2024-02-01\t2024-01-01\ttrue\tSST",
        "BEH\t14\t2024-02-01\t2024-01-31\ttrue\tSST",
        "garbage");
    assertEquals(List.of(
        at(LIMITS, 7) + "1 cell(s), the header has 6",
        at(LIMITS, 2) + "rule 'XYZ' is not one of [UDR, BEH]",
        at(LIMITS, 4) + "max_days '0' is not a whole number above 0",
        at(LIMITS, 4) + "valid_from '2024-13-01' is not a date (YYYY-MM-DD)",
        at(LIMITS, 4) + "verified 'yes' is not true or false",
        at(LIMITS, 4) + "source is empty",
        at(LIMITS, 5) + "max_days 'many' is not a whole number above 0",
        at(LIMITS, 6) + "valid_to 2024-01-31 is before valid_from 2024-02-01"), problems);
  }

  @Test
  void versionsOfOneKeyMustNotShareADay() throws Exception {
    String header = "rule\tmax_days\tvalid_from\tvalid_to\tverified\tsource";
    assertEquals(List.of(at(LIMITS, 3) + "rule UDR: validity overlaps line 2 (two versions valid on one day)"),
        check(LIMITS, header, "UDR\t14\t\t2024-01-01\ttrue\tSST", "UDR\t10\t2024-01-01\t\ttrue\tSST"));
    assertEquals(List.of(at(LIMITS, 3) + "rule BEH: validity overlaps line 2 (two versions valid on one day)"),
        check(LIMITS, header, "BEH\t14\t\t\ttrue\tSST", "BEH\t10\t2030-01-01\t2030-12-31\ttrue\tSST"));
    assertEquals(List.of(), check(LIMITS, header, "UDR\t14\t\t2023-12-31\ttrue\tSST",
        "BEH\t14\t\t\ttrue\tSST", "UDR\t10\t2024-01-01\t\ttrue\tSST"), "consecutive versions, other keys");
  }

  @Test
  void aTableLookedUpByKeyAloneNeedsUniqueKeys() throws Exception {
    assertEquals(List.of(at(CODES, 3) + "code 1081: already on line 2", at(CODES, 4) + "code '10812' does not "
        + "have the form [0-9]{4}"), check(CODES, "code\tname\tvalid_from\tvalid_to",
        "1081\tNord\t\t2020-12-31", "1081\tNordjylland\t2021-01-01\t", "10812\tX\t\t"));
  }

  @Test
  void aWrongHeaderAMissingFileAndAnEmptyFileAreNamed() throws Exception {
    assertEquals(List.of(at(CODES, 1) + "the header must be [code, name, valid_from, valid_to], is [code, navn, "
        + "valid_from, valid_to]"), check(CODES, "code\tnavn\tvalid_from\tvalid_to", "1081\tNord\t\t"));
    assertEquals(List.of(dir.resolve("limits.tsv") + ": is missing"), LIMITS.check(dir));
    Files.writeString(dir.resolve("limits.tsv"), "");
    assertEquals(List.of(dir.resolve("limits.tsv") + ":1: no header row"), LIMITS.check(dir));
    Files.write(dir.resolve("limits.tsv"), new byte[] {'r', 'u', 'l', 'e', (byte) 0xC3, '\t', 'x'});
    assertEquals(List.of(dir.resolve("limits.tsv") + ": is not UTF-8 text"), LIMITS.check(dir));
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws Exception {
    Files.writeString(dir.resolve("codes.tsv"), "\uFEFFcode\tname\tvalid_from\tvalid_to\n1081\tNord\t\t\n",
        StandardCharsets.UTF_8);
    assertEquals(List.of(), CODES.check(dir));
  }

  @Test
  void readingARaggedTableIsRefusedWithExitCode5() throws Exception {
    check(CODES, "code\tname\tvalid_from\tvalid_to", "1081\tNord");
    PathwatchException e = assertThrows(PathwatchException.class, () -> CODES.read(dir));
    assertEquals(ExitCodes.RULES_INVALID, e.exitCode());
    assertTrue(e.getMessage().contains("codes.tsv:2: 2 cell(s), the header has 4"), e.getMessage());
  }
}
