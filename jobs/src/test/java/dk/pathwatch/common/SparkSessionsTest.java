package dk.pathwatch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void shufflePartitionsStayAtTheDefaultUpTo20MMarkersAndGrowWithTheSnapshotBeyond() {
    assertEquals(8, SparkSessions.shufflePartitionsFor(0, 8));
    assertEquals(8, SparkSessions.shufflePartitionsFor(5_000_000, 8));
    assertEquals(8, SparkSessions.shufflePartitionsFor(20_000_000, 8));
    assertEquals(9, SparkSessions.shufflePartitionsFor(20_000_001, 8));
    assertEquals(40, SparkSessions.shufflePartitionsFor(100_000_000, 8));
    assertEquals(16, SparkSessions.shufflePartitionsFor(1_000_000, 16), "never below the per-core default");
  }
}
