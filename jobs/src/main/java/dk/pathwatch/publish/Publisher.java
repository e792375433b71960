package dk.pathwatch.publish;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a finished staging folder the published run in one rename, so readers see the old run or the new
 * one, never half of one. A run already published for the same snapshot and cut-off is first moved aside
 * (also one rename) and deleted after the new one is in place.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

  private final OutputFiles files;

  public Publisher(OutputFiles files) {
    this.files = files;
  }

  public void publish(RunLayout layout) {
    String target = layout.published();
    String old = null;
    if (files.exists(target)) {
      old = layout.trash();
      files.rename(target, old);
      dk.pathwatch.common.HaltPoints.reach("publish:replacing");
    }
    files.rename(layout.staging(), target);
    if (old != null) {
      files.delete(old);
    }
    files.deleteIfEmpty(layout.stagingParent());
    LOG.info("published {}", target);
  }

  /** A run stopped by a BLOCKER: its reports and manifest go to {@code _rejected}, nothing is published. */
  public void reject(RunLayout layout) {
    String target = layout.rejected();
    if (files.exists(target)) {
      files.delete(target);
    }
    files.rename(layout.staging(), target);
    files.deleteIfEmpty(layout.stagingParent());
    LOG.warn("not published: a BLOCKER rule fired; reports and manifest are in {}", target);
  }
}
