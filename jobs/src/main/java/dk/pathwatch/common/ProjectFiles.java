package dk.pathwatch.common;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the project's versioned files ({@code schemas/}, {@code validation-rules/}). They are packed into the
 * jar; a folder given on the command line (e.g. {@code --rules}) takes their place.
 */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The bundled folder {@code name} ("schemas" or "validation-rules") as a readable Path (zip or file). */
  public static Path bundled(String name) {
    URL url = ProjectFiles.class.getClassLoader().getResource(name + "/.bundle");
    if (url == null) {
      throw new IllegalStateException("bundled folder '" + name + "' is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem zip;
        try {
          zip = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          zip = FileSystems.getFileSystem(uri);
        }
        return zip.getPath("/" + name);
      }
      return Path.of(uri).getParent();
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException("cannot open bundled folder '" + name + "'", e);
    }
  }

  /** {@code override} when given and existing, else the bundled folder. */
  public static Path folder(String name, Path override) {
    if (override != null) {
      if (!Files.isDirectory(override)) {
        throw new IllegalArgumentException("folder not found: " + override);
      }
      return override;
    }
    return bundled(name);
  }

  /**
   * The reference data folder: {@code reference/} of the bundled {@code validation-rules/} or of the override
   * given on the command line; when the override is the {@code rules/} sub-folder, its sibling {@code reference/}.
   */
  public static Path referenceFolder(Path validationRulesOverride) {
    Path base = folder("validation-rules", validationRulesOverride);
    Path sibling = base.resolveSibling("reference");
    if (!Files.isDirectory(base.resolve("reference")) && base.getFileName() != null
        && "rules".equals(base.getFileName().toString()) && Files.isDirectory(sibling)) {
      return sibling;
    }
    return base.resolve("reference");
  }

  /** SHA-256 (hex) of every {@code *.tsv} in a reference folder, by file name: what the manifest records. */
  public static java.util.Map<String, String> referenceHashes(Path referenceDir) {
    java.util.Map<String, String> hashes = new java.util.TreeMap<>();
    try (var files = Files.list(referenceDir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tsv")).toList()) {
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        hashes.put(f.getFileName().toString(), java.util.HexFormat.of().formatHex(digest.digest(Files.readAllBytes(f))));
      }
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash reference data in " + referenceDir + ": " + e.getMessage(), e);
    }
    return hashes;
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
