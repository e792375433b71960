package dk.pathwatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.pathwatch.validate.DatasetChecks;
import dk.pathwatch.validate.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typed step state: kept as the same snake_case JSON maps the manifest reads, read back as the same records. */
class StepStatesTest {

  @Test
  void theWalksStateIsKeptWithTheManifestsKeysAndReadBackWhole() {
    StepStates.Walked walked = new StepStates.Walked("123", new StepStates.Accounting("forloebsmarkoerer", 10, 7, 2,
        1), 3, List.of(new DatasetChecks.CheckOutcome("DS01", Severity.ERROR, "forloebsmarkoerer", "markoer", null,
        false, 0.9, 10, 1, "da", "en")), Map.of("status", "new"));
    Map<String, Object> kept = StepStates.toMap(walked);
    assertEquals(3L, ((Number) kept.get("rows_blocker")).longValue());
    @SuppressWarnings("unchecked")
    Map<String, Object> accounting = (Map<String, Object>) kept.get("accounting");
    assertEquals(List.of("table", "rows_read", "rows_used", "rows_excluded_by_error", "rows_beyond_cutoff"),
        List.copyOf(accounting.keySet()));
    @SuppressWarnings("unchecked")
    Map<String, Object> check = ((List<Map<String, Object>>) kept.get("dataset_checks")).get(0);
    assertEquals("ERROR", check.get("severity"));
    assertEquals(10, ((Number) check.get("rows_checked")).intValue());
    // a restart reads it from JSON, with the step's timing beside it
    Map<String, Object> withTiming = new java.util.LinkedHashMap<>(kept);
    withTiming.put("seconds", 1.5);
    assertEquals(walked, StepStates.fromMap(withTiming, StepStates.Walked.class));
  }

  @Test
  void loadsInputsReadBackAsRecords() {
    StepStates.Loaded loaded = new StepStates.Loaded(Map.of("forloeb", new StepStates.Input(5, null, List.of("x"))));
    Map<String, Object> kept = StepStates.toMap(loaded);
    @SuppressWarnings("unchecked")
    Map<String, Object> forloeb = (Map<String, Object>) ((Map<String, Object>) kept.get("inputs")).get("forloeb");
    assertEquals(List.of("x"), forloeb.get("extra_columns"));
    assertEquals(5, StepStates.fromMap(kept, StepStates.Loaded.class).rows("forloeb"));
  }

  @Test
  void aStepsGateReadsItsBlockersAndAStepWithoutOneBlocksNothing() {
    Map<String, Object> indicators = Map.of("blocked", true, "blocked_by",
        List.of(Map.of("rule_id", "DISCLOSURE", "scope", "disclosure")), "tables", Map.of("mwt", 7), "seconds", 2.0);
    StepStates.Gate gate = StepStates.fromMap(indicators, StepStates.Gate.class);
    assertEquals(true, gate.blocked());
    assertEquals("DISCLOSURE", gate.blockedBy().get(0).get("rule_id"));
    StepStates.Gate none = StepStates.fromMap(Map.of("reports", Map.of()), StepStates.Gate.class);
    assertEquals(false, none.blocked());
    assertEquals(List.of(), none.blockedBy());
  }
}
