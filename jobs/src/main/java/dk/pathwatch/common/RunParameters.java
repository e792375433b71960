package dk.pathwatch.common;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dates a run is computed for. {@code cutoffDate} (opgørelsestidspunkt) is never after
 * {@code extractionDate}: a marker dated or registered after the cut-off does not exist for the run.
 */
public record RunParameters(LocalDate extractionDate, LocalDate cutoffDate) {

  public RunParameters {
    if (cutoffDate.isAfter(extractionDate)) {
      throw new IllegalArgumentException("cut-off " + cutoffDate + " is after the extraction date " + extractionDate);
    }
  }

  /** Values for {@code ${name}} placeholders in rule expressions, as SQL literals. */
  public Map<String, String> sqlParameters() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("extraction_date", "DATE'" + extractionDate + "'");
    p.put("cutoff_date", "DATE'" + cutoffDate + "'");
    return p;
  }
}
