package dk.pathwatch.indicators;

import static dk.pathwatch.indicators.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ProjectFiles;
import dk.pathwatch.common.ReferenceTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class StandardTimesTest {
  private static final Path REFERENCE = ProjectFiles.bundled("validation-rules").resolve("reference");

  @Test
  void shippedTableHasTheVerifiedValuesAndAPlaceholderForEveryOrganPathwayAndModality() {
    assertEquals(List.of(), StandardTimes.LAYOUT.check(REFERENCE), "the shipped table passes its checks");
    ReferenceTable table = StandardTimes.LAYOUT.read(REFERENCE);
    Map<String, String[]> byKey = new HashMap<>();
    for (String[] r : table.rows()) {
      byKey.put(r[0] + "|" + r[1] + "|" + r[2], r);
    }
    assertEquals("27", byKey.get("AFB01|kirurgi|OF4")[3]);
    assertEquals("true", byKey.get("AFB01|kirurgi|OF4")[6]);
    assertEquals("22", byKey.get("AFA01|alle|DF3")[3]);
    assertEquals("true", byKey.get("AFA01|alle|DF3")[6]);
    List<String> expectedKeys = new ArrayList<>(List.of("AFB01|kirurgi|OF4", "AFA01|alle|DF3"));
    for (int n = 1; n <= 33; n++) {
      for (String m : List.of("kirurgi", "medicin", "straale")) {
        String key = String.format("AFB%02d|%s|OF4", n, m);
        if (n == 13) {
          assertFalse(byKey.containsKey(key), "AFB13 is the joint urinary entry, no own standard: " + key);
          continue;
        }
        assertTrue(byKey.containsKey(key), key);
        if (!expectedKeys.contains(key)) {
          String[] r = byKey.get(key);
          assertEquals("false", r[6], key);
          assertEquals("placeholder until the registry loads its official table", r[7], key);
          int days = Integer.parseInt(r[3]);
          assertTrue(days >= 24 && days <= 45, key + " " + days);
        }
      }
    }
    assertEquals(2 + 32 * 3 - 1, table.rows().size(), "96 OF4 rows (one verified) + DF3");
    assertEquals(97, StandardTimes.load(Fixtures.spark(), REFERENCE).count());
  }

  @Test
  void refusesOverlappingVersionsAndUnknownModality() {
    List<String> h = StandardTimes.LAYOUT.header();
    ReferenceTable overlap = new ReferenceTable("standard_times", h, List.of(
        new String[] {"AFB01", "kirurgi", "OF4", "27", "2012-10-01", "2020-12-31", "true", "s"},
        new String[] {"AFB01", "kirurgi", "OF4", "30", "2020-12-31", "", "false", "s"}));
    assertEquals(List.of("st.tsv:3: pathway AFB01, modality kirurgi, indicator OF4: validity overlaps line 2 "
        + "(two versions valid on one day)"), StandardTimes.LAYOUT.check(overlap, "st.tsv"));
    ReferenceTable consecutive = new ReferenceTable("standard_times", h, List.of(
        new String[] {"AFB01", "kirurgi", "OF4", "27", "2012-10-01", "2020-12-30", "true", "s"},
        new String[] {"AFB01", "kirurgi", "OF4", "30", "2020-12-31", "", "false", "s"}));
    assertEquals(List.of(), StandardTimes.LAYOUT.check(consecutive, "st.tsv"));
    ReferenceTable badModality = new ReferenceTable("standard_times", h, List.<String[]>of(
        new String[] {"AFB01", "surgery", "OF4", "27", "2012-10-01", "", "true", "s"}));
    assertEquals(List.of("st.tsv:2: modality 'surgery' is not one of [alle, kirurgi, medicin, straale]"),
        StandardTimes.LAYOUT.check(badModality, "st.tsv"));
  }

  @Test
  void looksUpTheVersionValidOnTheADateAndPrefersTheModalityOverAlle() {
    Dataset<Row> st = Fixtures.standards(
        "AFB01,medicin,OF4,30,2012-10-01,2025-04-30,false",
        "AFB01,medicin,OF4,35,2025-05-01,,false",
        "AFB02,alle,OF4,40,2012-10-01,,true",
        "AFB02,kirurgi,OF4,20,2012-10-01,,false");
    Dataset<Row> values = Fixtures.pathways(
        p("last-day-old").a("2025-04-30").modality("medicin").days("OF4", 1),
        p("first-day-new").a("2025-05-01").modality("medicin").days("OF4", 1),
        p("too-early").a("2012-09-30").modality("medicin").days("OF4", 1),
        p("alle-fallback").family("AFB02", "AFB02").modality("straale").days("OF4", 1),
        p("modality-wins").family("AFB02", "AFB02").modality("kirurgi").days("OF4", 1))
        .withColumn("indicator", org.apache.spark.sql.functions.lit("OF4"))
        .withColumn("lookup_modality", org.apache.spark.sql.functions.col("modality"));
    Map<String, Row> got = new HashMap<>();
    for (Row r : StandardTimes.lookup(values, st).select("pathway_id", "standard_days", "standard_verified")
        .collectAsList()) {
      got.put(r.getString(0), r);
    }
    assertEquals(5, got.size(), "one row per value, never duplicated by the join");
    assertEquals(30, got.get("last-day-old").getInt(1));
    assertEquals(35, got.get("first-day-new").getInt(1));
    assertNull(got.get("too-early").get(1));
    assertEquals(40, got.get("alle-fallback").getInt(1));
    assertTrue(got.get("alle-fallback").getBoolean(2));
    assertEquals(20, got.get("modality-wins").getInt(1));
    assertFalse(got.get("modality-wins").getBoolean(2));
  }
}
