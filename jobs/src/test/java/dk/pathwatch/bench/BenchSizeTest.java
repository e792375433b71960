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
    assertEquals(BenchSize.DEMO, BenchSize.parse("demo"));
    assertEquals(5_000, BenchSize.DEMO.pathways(), "the demo of scripts/demo.sh");
    assertThrows(IllegalArgumentException.class, () -> BenchSize.parse("lots"));
    assertThrows(IllegalArgumentException.class, () -> BenchSize.parse("10"));
  }

  /** A size whose full job took {@code full} s (peak RSS {@code rssMb}) and whose floor took {@code floor} s. */
  private static SizeResult result(BenchSize size, double full, long rssMb, double floor) {
    ChildProcess.Stats f = new ChildProcess.Stats(0, full, full, rssMb, 1000, false, null);
    ChildProcess.Stats fl = new ChildProcess.Stats(0, floor, floor, 1000, 1000, false, null);
    return new SizeResult(size, "s", true, -1, size.markers(), 1, new JobFigures(f, List.of(), null),
        new JobFigures(fl, List.of(), null), null);
  }

  /** {@code plain} with a one-person run of {@code markers} markers that took {@code seconds} and {@code heapMb}. */
  private static SizeResult withOnePerson(SizeResult plain, long markers, double seconds, long heapMb) {
    ChildProcess.Stats s = new ChildProcess.Stats(0, seconds, seconds, 1000, heapMb, false, null);
    return new SizeResult(plain.size(), "s", true, -1, plain.markerRows(), 1, plain.full(), plain.floor(),
        new SizeResult.OnePerson(markers, markers + 7, 30_000, "s-person", new JobFigures(s, List.of(), null)));
  }

  @Test
  void theOnePersonTargetComparesTimeAndHeapWithThePlainRun() {
    BenchRunner.Options options = new BenchRunner.Options(List.of(), java.nio.file.Path.of("w"), "8g", 1, false,
        java.time.Duration.ofMinutes(1), 200_000, false);
    SizeResult plain = result(BenchSize.parse("1M"), 40.0, 2000, 20); // peak heap 1,000 MB
    java.util.function.Function<SizeResult, BenchReport.Target> target = r -> new BenchReport(options, "jar", false,
        List.of(r)).targets().get(6);
    assertEquals("not measured (bench --one-person 200k)", target.apply(plain).status());
    BenchReport.Target met = target.apply(withOnePerson(plain, 200_000, 43.0, 1_050));
    assertEquals("met", met.status());
    assertEquals("1M, 200,007 markers: time +7.5 %, heap +5.0 %", met.value());
    assertEquals("NOT met", target.apply(withOnePerson(plain, 200_000, 45.0, 1_000)).status(), "12.5 % slower");
    assertEquals("NOT met", target.apply(withOnePerson(plain, 200_000, 40.0, 1_200)).status(), "20 % more heap");
    assertEquals("not measured (--one-person below 200k)",
        target.apply(withOnePerson(plain, 2_000, 40.0, 1_000)).status());
  }

  @Test
  void theTargetsAreTheIssuesTargets() {
    BenchRunner.Options options = new BenchRunner.Options(List.of(), java.nio.file.Path.of("w"), "8g", 1, false,
        java.time.Duration.ofMinutes(1), 0, false);
    List<BenchReport.Target> targets = new BenchReport(options, "jar", false, List.of(
        result(BenchSize.DEMO, 14.0, 1000, 10), result(BenchSize.parse("1M"), 41.0, 2000, 20),
        result(BenchSize.parse("20M"), 290.0, 6000, 140), result(BenchSize.parse("100M"), 1500.0, 20_000, 600)))
        .targets();
    assertEquals(List.of("20M markers end to end <= 300 s, -Xmx <= 8g", "full / fair floor <= 2.0 (20M)",
        "1M markers <= 40 s", "demo (demo) job <= 15 s", "100M completes in 24 GiB, no OOM",
        "time(100M) / time(20M) <= 5.5", "a 200,000-marker person: time, memory +<= 10 %",
        "20M: disclosure control + audit <= 5 % of the job"),
        targets.stream().map(BenchReport.Target::name).toList());
    assertEquals(List.of("met", "NOT met", "NOT met", "met", "met", "met"),
        targets.stream().limit(6).map(BenchReport.Target::status).toList());
    assertEquals("2.07", targets.get(1).value());
    assertEquals("5.17", targets.get(5).value());
  }

  @Test
  void theOnePersonRunIsMadeInTheSmallestSizeOfFiveTimesItsMarkers() {
    java.util.function.LongFunction<BenchSize> sizeFor = asked -> new BenchRunner(new BenchRunner.Options(
        BenchSize.parseList("20M,demo,1M"), java.nio.file.Path.of("w"), "8g", 1, false,
        java.time.Duration.ofMinutes(1), asked, false), JavaLauncher.current(dk.pathwatch.Pathwatch.class), System.out)
        .onePersonSize();
    assertEquals(BenchSize.parse("1M"), sizeFor.apply(200_000));
    assertEquals(BenchSize.parse("20M"), sizeFor.apply(200_001));
    assertEquals(BenchSize.DEMO, sizeFor.apply(4_000));
    assertEquals(null, sizeFor.apply(5_000_000));
    assertEquals(null, sizeFor.apply(0));
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
