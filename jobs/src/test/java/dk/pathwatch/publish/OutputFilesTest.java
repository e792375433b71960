package dk.pathwatch.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic replace the pointer and the metrics history rely on, on a local disk. */
class OutputFilesTest {
  private final OutputFiles files = new OutputFiles(new Configuration());

  @TempDir Path tmp;

  private List<String> names(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replaceFileSwapsTheContentAndLeavesNoTemporaryFile() throws Exception {
    String path = tmp.resolve("place/CURRENT").toString();
    files.replaceFile(path, "run-20250630T020000Z\n".getBytes(StandardCharsets.UTF_8));
    files.replaceFile(path, "run-20250701T020000Z\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("run-20250701T020000Z\n", files.readString(path));
    assertEquals(List.of("CURRENT"), names(tmp.resolve("place")));
  }

  @Test
  void replacingAFileHadoopWroteWithAChecksumStaysReadableThroughHadoop() throws Exception {
    String path = tmp.resolve("_metrics/metrics.json").toString();
    files.writeString(path, "[{\"old\": true}]"); // Hadoop's local file system writes .metrics.json.crc beside it
    assertEquals(List.of(".metrics.json.crc", "metrics.json"), names(tmp.resolve("_metrics")));
    files.replaceFile(path, "[]".getBytes(StandardCharsets.UTF_8));
    assertEquals("[]", files.readString(path), "no checksum error from a stale .crc");
    assertFalse(Files.exists(tmp.resolve("_metrics/.metrics.json.crc")));
  }
}
