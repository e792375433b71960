package dk.pathwatch.batch;

import java.util.List;

/** The stages of the nightly job in the order the data flows through them. */
final class NightlyJobSteps {
  private NightlyJobSteps() {}

  static List<PipelineStep> all() {
    return List.of(new LoadStep(), new WalkStep(), new ValidateStep(), new PathwaysStep(), new IndicatorsStep(), new ReportStep(),
        new PublishStep());
  }
}
