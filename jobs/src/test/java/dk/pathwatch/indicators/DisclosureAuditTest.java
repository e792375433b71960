package dk.pathwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the audit's figures say and when they stop publication. */
class DisclosureAuditTest {
  private static final Map<String, DisclosureAudit.TableFigures> TABLES = Map.of(
      "activity", new DisclosureAudit.TableFigures(200, 10, 6));

  @Test
  void aRecoverableValueBlocksAndIsNamedInTheBlocker() {
    DisclosureAudit audit = new DisclosureAudit(TABLES, 16, 0, "activity.treated|2025Q2|1081|AFB01",
        List.of("activity.treated|2025Q2|1081|AFB01"), List.of(), 3, 4, 0.5);
    assertTrue(audit.blocked());
    Map<String, Object> b = audit.blocker();
    assertEquals(DisclosureAudit.BLOCKER_ID, b.get("rule_id"));
    assertEquals("disclosure", b.get("scope"));
    assertEquals(1, b.get("rows"));
    assertTrue(((String) b.get("message_en")).contains("activity.treated|2025Q2|1081|AFB01"), b.toString());
  }

  @Test
  void valuesTheFlagsGiveAwayWhateverIsHiddenAreReportedButDoNotBlock() {
    DisclosureAudit audit = new DisclosureAudit(TABLES, 16, 0, "indicators.n|2025Q2|1081|all|straale|OF4",
        List.of(), List.of("indicators.n|2025Q2|1081|all|straale|OF4"), 3, 4, 0.5);
    assertFalse(audit.blocked());
    Map<?, ?> a = (Map<?, ?>) audit.toMap().get("audit");
    assertEquals(1, a.get("unprotectable"));
    assertEquals(0L, a.get("narrowest_interval"));
    assertTrue(audit.summaryLines().get(1).contains("1 unprotectable"), audit.summaryLines().toString());
    Map<?, ?> activity = (Map<?, ?>) ((Map<?, ?>) audit.toMap().get("tables")).get("activity");
    assertEquals(0.08, activity.get("suppressed_share"));
  }
}
