package dk.pathwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sizes on the command line, and what the child probes read from /proc and GC logs. */
class BenchSizeTest {

  @Test
  void sizesParseWithUnits() {
    assertEquals(List.of(new BenchSize("20k", 20_000), new BenchSize("1M", 1_000_000),
        new BenchSize("5M", 5_000_000), new BenchSize("100M", 100_000_000), new BenchSize("1.5M", 1_500_000),
        new BenchSize("12345", 12_345)), BenchSize.parseList("20k, 1m,5M,100M,1.5M,12345"));
    assertEquals(202_020, BenchSize.parse("1M").pathways());
    assertThrows(IllegalArgumentException.class, () -> BenchSize.parse("lots"));
    assertThrows(IllegalArgumentException.class, () -> BenchSize.parse("10"));
  }

  @Test
  void heapSizesReadAsXmxDoes() {
    assertEquals(8L << 30, BenchReport.heapBytes("8g"));
    assertEquals(8192L << 20, BenchReport.heapBytes("8192M"));
  }

  @Test
  void procFiguresAreRead() {
    assertEquals(123_456L, ChildProcess.vmHwmKb("Name:\tjava\nVmPeak:\t 9999999 kB\nVmHWM:\t  123456 kB\n"));
    String stat = "4242 (java (main)) S 1 4242 4242 0 -1 4194560 10 0 0 0 1234 56 0 0 20 0 40 0 100 1 2";
    assertEquals(1290L, ChildProcess.cpuTicks(stat));
  }

  @Test
  void peakHeapIsTheLargestOccupancyBeforeACollection(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path log = tmp.resolve("gc.log");
    java.nio.file.Files.writeString(log, String.join("\n",
        "[0.010s][info][gc] Using G1",
        "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 2.345ms",
        "[5.678s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 1500M->300M(2048M) 20.1ms",
        "[6.000s][info][gc] GC(2) Pause Full (System.gc()) 700M->100M(2048M) 50.0ms"));
    assertEquals(1500, ChildProcess.peakHeapMb(log));
    assertEquals(-1, ChildProcess.peakHeapMb(tmp.resolve("none.log")));
  }
}
