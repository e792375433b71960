package dk.pathwatch.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What an episode's markers tell the episode rules (VR08, VR10, VR23), gathered marker by marker: every marker row
 * counts in {@code n_markers}; a marker of a pathway family (AFA01, AFD01, AFBnn) also in {@code n_cancer_markers}
 * and adds its family to {@code families}, and to {@code families_with_a} when it is an A. The person walk keeps one
 * per episode of the person it is walking; {@link EpisodeScope} joins them to the episodes.
 */
public final class EpisodeFacts {
  private long markers;
  private long cancerMarkers;
  private final TreeSet<String> families = new TreeSet<>();
  private final TreeSet<String> familiesWithA = new TreeSet<>();

  /** One marker row of the episode: its family (null for a code of none) and point. */
  public void add(String family, String point) {
    markers++;
    if (family != null && !family.equals("AFV")) {
      cancerMarkers++;
      families.add(family);
      if ("A".equals(point)) {
        familiesWithA.add(family);
      }
    }
  }

  public long markers() {
    return markers;
  }

  public long cancerMarkers() {
    return cancerMarkers;
  }

  /** The distinct pathway families, sorted. */
  public List<String> families() {
    return new ArrayList<>(families);
  }

  /** The distinct pathway families with an A marker in the episode, sorted. */
  public List<String> familiesWithA() {
    return new ArrayList<>(familiesWithA);
  }
}
