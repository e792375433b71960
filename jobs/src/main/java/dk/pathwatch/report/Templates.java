package dk.pathwatch.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** HTML from the Pebble templates in {@code src/main/resources/templates} (auto-escaped). */
public final class Templates {
  private static final PebbleEngine ENGINE = engine();

  private Templates() {}

  private static PebbleEngine engine() {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("templates");
    return new PebbleEngine.Builder().loader(loader).strictVariables(false).build();
  }

  public static String render(String template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      ENGINE.getTemplate(template).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
