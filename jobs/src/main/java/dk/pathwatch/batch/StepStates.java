package dk.pathwatch.batch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.core.type.TypeReference;
import dk.pathwatch.validate.DatasetChecks;
import dk.pathwatch.validate.RowAccounting;
import java.util.List;
import java.util.Map;

/**
 * What one step hands to the next, typed (issue #16: instead of JSON maps read with casts). A step's state is still
 * kept as {@code state/<step>.json} (the manifest folds it in, a restart reads it back), with the same snake_case
 * keys: records convert to and from those maps here; the keys a reader does not know (e.g. {@code seconds}) are
 * ignored.
 */
public final class StepStates {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StepStates() {}

  /** One input table as load found it: rows by its footers, a checksum when load read it, its extra columns. */
  public record Input(long rows, String checksum, List<String> extraColumns) {}

  /** What load hands on. */
  public record Loaded(Map<String, Input> inputs) {
    /** The rows of a table by its footers. */
    public long rows(String table) {
      return inputs.get(table).rows();
    }
  }

  /** One table's row accounting as the manifest shows it. */
  public record Accounting(String table, long rowsRead, long rowsUsed, long rowsExcludedByError,
      long rowsBeyondCutoff) {
    static Accounting of(RowAccounting a) {
      return new Accounting(a.table(), a.rowsRead(), a.rowsUsed(), a.excludedByError(), a.beyondCutoff());
    }

    @Override
    public String toString() {
      return table + ": read " + rowsRead + " = used " + rowsUsed + " + excluded by ERROR " + rowsExcludedByError
          + " + beyond cut-off " + rowsBeyondCutoff;
    }
  }

  /**
   * What the walk hands on: the raw markers' checksum, their row accounting, the rows a BLOCKER rule fired on, the
   * outcomes of the dataset rules on the marker tables and the metrics history's status (validate commits it).
   */
  public record Walked(String checksum, Accounting accounting, long rowsBlocker,
      List<DatasetChecks.CheckOutcome> datasetChecks, Map<String, Object> metricsHistory) {}

  /**
   * Whether a step stops publication and what did (BLOCKER rules, the disclosure audit): the two keys every step
   * that can block keeps; a step without them blocks nothing.
   */
  public record Gate(boolean blocked, List<Map<String, Object>> blockedBy) {
    public Gate {
      blockedBy = blockedBy == null ? List.of() : blockedBy;
    }
  }

  /** A state record as the map the step keeps. */
  static Map<String, Object> toMap(Object state) {
    return MAPPER.convertValue(state, new TypeReference<Map<String, Object>>() {});
  }

  /** A kept state map as its record. */
  static <T> T fromMap(Map<String, Object> state, Class<T> type) {
    return MAPPER.convertValue(state, type);
  }
}
