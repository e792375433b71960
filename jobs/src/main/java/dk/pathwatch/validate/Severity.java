package dk.pathwatch.validate;

/**
 * What a broken rule does (SPEC §2): BLOCKER stops publishing, ERROR leaves the row out of the indicators,
 * WARNING keeps it and reports it, INFO only counts it. Declared from most to least severe.
 */
public enum Severity {
  BLOCKER, ERROR, WARNING, INFO;

  /** True for the severities that leave a row out of the indicators. */
  public boolean excludes() {
    return this == BLOCKER || this == ERROR;
  }
}
