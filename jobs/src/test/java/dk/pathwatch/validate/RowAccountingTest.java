package dk.pathwatch.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.PathwatchException;
import dk.pathwatch.load.MarkerView;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RowAccountingTest {
  private final RuleSet rules = RuleSet.load(RuleSet.rulesFolder(null));

  @Test
  void markersAddUpWithErrorsCountedOnceAndCutoffRowsApart() {
    Dataset<Row> markers = RuleFixtures.markers();
    Dataset<Row> checked = ScopeEvaluator.evaluate(RuleFixtures.markerView(), Scope.MARKER, rules, RuleFixtures.RUN);
    RowAccounting a = RowAccounting.markers(markers.count(), checked, RuleFixtures.RUN);
    // excluded: VR01 (AFB99Q, afb01b, 'AFB01B ', AFB14A, XYZ), VR04, VR05 (also beyond the cut-off, counted once
    // as excluded), VR06, VR07, VR09 (two rows); beyond the cut-off only: VR05-good, VR26-bad (dated after),
    // VR27-bad and VR27-bad-first-copy (registered after)
    assertEquals(new RowAccounting("forloebsmarkoerer", 34, 19, 11, 4), a);
    assertTrue(a.balanced());
    assertEquals("forloebsmarkoerer: read 34 = used 19 + excluded by ERROR 11 + beyond cut-off 4", a.toString());
    assertEquals(19, checked.where(RowAccounting.usableMarker(RuleFixtures.RUN)).count());
  }

  @Test
  void aDuplicatedEpisodeKeyDoesNotDuplicateMarkers() {
    Dataset<Row> episodes = RuleFixtures.episodes();
    Dataset<Row> doubled = episodes.union(episodes.where("dw_ek_forloeb = 'E1'"));
    Dataset<Row> view = MarkerScope.build(MarkerView.build(RuleFixtures.markers(), doubled, RuleFixtures.sksCodes()),
        rules, RuleFixtures.RUN);
    Dataset<Row> checked = ScopeEvaluator.evaluate(view, Scope.MARKER, rules, RuleFixtures.RUN);
    assertTrue(RowAccounting.markers(34, checked, RuleFixtures.RUN).balanced(),
        "the marker view keeps one episode per key (DS02 reports the duplicate as a BLOCKER)");
  }

  @Test
  void rowsThatDoNotAddUpAreRefused() {
    Dataset<Row> view = RuleFixtures.markerView();
    Dataset<Row> checked = ScopeEvaluator.evaluate(view.union(view.limit(1)), Scope.MARKER, rules, RuleFixtures.RUN);
    PathwatchException e = assertThrows(PathwatchException.class,
        () -> RowAccounting.markers(34, checked, RuleFixtures.RUN));
    assertEquals(ExitCodes.INTERNAL_ERROR, e.exitCode());
    assertTrue(e.getMessage().contains("does not add up"), e.getMessage());
  }

  @Test
  void episodesHaveNoCutoffPart() {
    Dataset<Row> scope = RuleFixtures.episodeScope();
    Dataset<Row> checked = ScopeEvaluator.evaluate(scope, Scope.EPISODE, rules, RuleFixtures.RUN);
    assertEquals(new RowAccounting("forloeb", 8, 8, 0, 0), RowAccounting.of("forloeb", 8, checked, null));
  }
}
