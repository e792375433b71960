package dk.pathwatch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.pathwatch.common.SparkPaths;
import dk.pathwatch.load.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy of a snapshot in which one person holds a given number of markers (issue #16: "one person with 200,000
 * markers changes neither memory nor time materially"). The same rows as the source: the episodes of the first
 * persons in {@code cpr_encrypted} order, enough of them to hold at least that many markers, are given the first
 * one's {@code cpr_encrypted}; every other value and every marker row is unchanged. So a run on the copy does the
 * same work as a run on the source, except that one person's walk is that large — the difference in time and
 * memory is what such a person costs.
 *
 * <p>The copy has no {@code truth/}: the generator's expected pathways and violations were those of separate
 * persons. Its {@code snapshot.json} is the source's, without {@code truth_by_rule}, with a {@code one_person}
 * section saying what was merged.
 */
public final class OnePersonSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(OnePersonSnapshot.class);
  static final String PERSON = "cpr_encrypted";
  static final String EPISODE = "dw_ek_forloeb";
  /** The section of {@code snapshot.json} that marks a copy made here. */
  static final String SECTION = "one_person";

  /**
   * What was merged.
   *
   * @param person the merged person's {@code cpr_encrypted}
   * @param personsMerged how many persons of the source became that one
   * @param markers the merged person's marker rows
   */
  public record Merged(String person, long personsMerged, long markers) {}

  private OnePersonSnapshot() {}

  /**
   * Writes the copy of {@code source} into {@code target} (replaced) with one person of at least
   * {@code markers} marker rows.
   */
  public static Merged write(SparkSession spark, Path source, Path target, long markers) {
    Dataset<Row> episodes = SparkPaths.parquet(spark, source.resolve(Snapshot.EPISODES).toString());
    Dataset<Row> markerRows = SparkPaths.parquet(spark, source.resolve(Snapshot.MARKERS).toString());
    Chosen chosenPersons = personsHolding(markerRows, episodes, markers);
    List<String> persons = chosenPersons.persons();
    String one = persons.get(0);
    BenchRunner.deleteRecursively(target);
    Dataset<Row> chosen = spark.createDataset(persons, Encoders.STRING()).toDF("chosen");
    Dataset<Row> rewritten = episodes
        .join(functions.broadcast(chosen), col(PERSON).equalTo(col("chosen")), "left")
        .withColumn(PERSON, when(col("chosen").isNotNull(), lit(one)).otherwise(col(PERSON)))
        .drop("chosen");
    rewritten.write().mode(SaveMode.Overwrite).parquet(target.resolve(Snapshot.EPISODES).toString());
    copyFolder(source.resolve(Snapshot.MARKERS), target.resolve(Snapshot.MARKERS));
    if (Files.isDirectory(source.resolve(Snapshot.ORGANISATIONS))) {
      copyFolder(source.resolve(Snapshot.ORGANISATIONS), target.resolve(Snapshot.ORGANISATIONS));
    }
    Merged result = new Merged(one, persons.size(), chosenPersons.markers());
    writeMeta(source, target, markers, result);
    LOG.info("one person: {} persons of {} merged into one of {} markers in {}", persons.size(), source,
        result.markers(), target);
    return result;
  }

  /** Persons to merge and their markers. */
  record Chosen(List<String> persons, long markers) {}

  /** The first persons in {@code cpr_encrypted} order whose markers add up to at least {@code markers}. */
  static Chosen personsHolding(Dataset<Row> markerRows, Dataset<Row> episodes, long markers) {
    Iterator<Row> perPerson = markersPerPerson(markerRows, episodes).orderBy(PERSON).toLocalIterator();
    List<String> persons = new ArrayList<>();
    long total = 0;
    while (total < markers && perPerson.hasNext()) {
      Row r = perPerson.next();
      persons.add(r.getString(0));
      total += r.getLong(1);
    }
    if (total < markers) {
      throw new IllegalArgumentException("the snapshot holds " + total + " markers of persons, fewer than the "
          + markers + " asked for one person");
    }
    return new Chosen(persons, total);
  }

  private static Dataset<Row> markersPerPerson(Dataset<Row> markerRows, Dataset<Row> episodes) {
    return markerRows.groupBy(EPISODE).agg(count(lit(1)).as("n"))
        .join(episodes.select(EPISODE, PERSON).where(col(PERSON).isNotNull()), EPISODE)
        .groupBy(PERSON).agg(sum("n").as("n"));
  }

  private static void writeMeta(Path source, Path target, long asked, Merged merged) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    try {
      ObjectNode meta = (ObjectNode) json.readTree(source.resolve("snapshot.json").toFile());
      meta.remove("truth_by_rule");
      ObjectNode section = meta.putObject(SECTION);
      section.put("source", source.toAbsolutePath().toString());
      section.put("asked", asked);
      section.put("persons_merged", merged.personsMerged());
      section.put("markers", merged.markers());
      json.writeValue(target.resolve("snapshot.json").toFile(), meta);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target.resolve("snapshot.json"), e);
    }
  }

  private static void copyFolder(Path from, Path to) {
    try (Stream<Path> files = Files.list(from)) {
      Files.createDirectories(to);
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }
}
