package dk.pathwatch.publish;

import dk.pathwatch.common.ExitCodes;
import dk.pathwatch.common.HaltPoints;
import dk.pathwatch.common.PathwatchException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published place of (snapshot, cut-off): immutable run folders and one pointer file, {@code CURRENT}, naming
 * the current one. Publishing is one atomic step for readers: the finished run folder is renamed from staging into
 * the place (readers do not look at it yet), then the pointer is replaced in one atomic rename. Readers who follow
 * the pointer see the previous run or the new one, whole, at every moment; a replaced run stays until the next
 * publication, so that a reader who read the pointer just before the switch can finish. Every step can be repeated
 * after a crash: a restart finds the run folder already moved and only switches the pointer.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  private static final String MANIFEST = "manifest.json";

  private final OutputFiles files;

  public Publisher(OutputFiles files) {
    this.files = files;
  }

  /** The current published run folder of the layout's place, if any (what readers read). */
  public Optional<String> current(RunLayout layout) {
    String pointer = layout.pointer();
    if (!files.exists(pointer)) {
      return Optional.empty();
    }
    String name = new String(files.readBytes(pointer), StandardCharsets.UTF_8).trim();
    if (!RunLayout.isRunFolder(name)) {
      return Optional.empty();
    }
    String run = layout.placeFolder() + "/" + name;
    return files.exists(run + "/" + MANIFEST) ? Optional.of(run) : Optional.empty();
  }

  /**
   * Refuses, before any work, a place that holds anything this job did not write: only {@code CURRENT} naming an
   * existing run folder, run folders with their manifest, and the pointer's temporary files may be there. Nothing
   * is deleted or changed; the message names the first stranger.
   */
  public void checkPlace(RunLayout layout) {
    String place = layout.placeFolder();
    if (files.exists(place) && !files.isDirectory(place)) {
      throw stranger(place, place + " is a file, not a folder");
    }
    for (FileStatus entry : files.list(place)) {
      String name = entry.getPath().getName();
      boolean ours = entry.isDirectory()
          ? RunLayout.isRunFolder(name) && files.exists(place + "/" + name + "/" + MANIFEST)
          : name.equals(RunLayout.POINTER) ? current(layout).isPresent() : isPointerTemp(name);
      if (!ours) {
        throw stranger(place, place + "/" + name);
      }
    }
    String staging = layout.stagingRoot();
    if (files.exists(staging) && !files.exists(layout.stagingMarker())) {
      throw stranger(staging, staging + " (a staging folder without run.json)");
    }
  }

  private static PathwatchException stranger(String place, String what) {
    return new PathwatchException(ExitCodes.OUTPUT_UNWRITABLE, "the run's place " + place + " holds " + what
        + ", which this job did not write: move it away and run again (nothing was changed)");
  }

  private static boolean isPointerTemp(String name) {
    return name.startsWith("." + RunLayout.POINTER + ".") && name.endsWith(".tmp");
  }

  /**
   * Publishes the run folder built in staging: moves it into the place (unless a restart finds it moved already),
   * points {@code CURRENT} at it, then removes run folders older than the one it replaced and leftover temporary
   * files of the pointer.
   */
  public void publish(RunLayout layout) {
    String target = layout.published();
    moveOnce(layout.staging(), target);
    HaltPoints.reach("publish:moved");
    Optional<String> replaced = current(layout);
    files.replaceFile(layout.pointer(), (layout.runFolder() + "\n").getBytes(StandardCharsets.UTF_8));
    HaltPoints.reach("publish:pointed");
    prune(layout, replaced.map(p -> p.substring(p.lastIndexOf('/') + 1)).orElse(null));
    LOG.info("published {} (pointer {})", target, layout.pointer());
  }

  /**
   * A run stopped by a BLOCKER: its reports and manifest go to {@code _rejected}, nothing is published. Its tables
   * are dropped there, after the move, so that staging stays whole until the run has left it.
   */
  public void reject(RunLayout layout) {
    moveOnce(layout.staging(), layout.rejected());
    HaltPoints.reach("publish:moved");
    files.delete(layout.rejected() + "/tables");
    LOG.warn("not published: a BLOCKER rule fired; reports and manifest are in {}", layout.rejected());
  }

  /** Renames staging to {@code target}; a restart after the rename finds staging gone and the target there. */
  private void moveOnce(String staging, String target) {
    if (files.exists(staging)) {
      files.moveFolder(staging, target);
    } else if (!files.exists(target + "/" + MANIFEST)) {
      throw new PathwatchException(ExitCodes.INTERNAL_ERROR, "neither the staged run " + staging
          + " nor its published folder " + target + " exists");
    }
  }

  /** Deletes this job's run folders other than the current one and the one it just replaced. */
  private void prune(RunLayout layout, String replaced) {
    for (FileStatus entry : files.list(layout.placeFolder())) {
      String name = entry.getPath().getName();
      boolean oldRun = entry.isDirectory() && RunLayout.isRunFolder(name) && !name.equals(layout.runFolder())
          && !name.equals(replaced);
      if (oldRun || (!entry.isDirectory() && isPointerTemp(name))) {
        files.delete(layout.placeFolder() + "/" + name);
        LOG.info("removed {} (replaced earlier)", layout.placeFolder() + "/" + name);
      }
    }
  }

  /** The run folders of a place that hold a manifest, by name (oldest first). */
  public List<String> runFolders(RunLayout layout) {
    return files.list(layout.placeFolder()).stream().filter(FileStatus::isDirectory)
        .map(s -> s.getPath().getName()).filter(RunLayout::isRunFolder).toList();
  }
}
