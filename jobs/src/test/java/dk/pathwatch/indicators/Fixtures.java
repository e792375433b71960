package dk.pathwatch.indicators;

import dk.pathwatch.SharedSpark;
import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Hand-built pathways tables in the shape the pathways stage writes (SPEC §6 plus orphan/excluded/status). */
final class Fixtures {
  static final List<String> DAYS = List.of("days_of1", "days_of2", "days_of3", "days_of4", "days_df1", "days_df2",
      "days_df3", "days_mf1", "days_mf2", "days_mf3");

  private Fixtures() {}

  /** A builder for one pathway row; unset dates, days and modality are null. */
  static final class P {
    final String id;
    String family = "AFB01";
    String pathway = "AFB01";
    String region = "1081";
    String dateA = "2025-04-10";
    String dateB;
    String dateF;
    String endCode;
    String modality;
    String status = "open";
    boolean openAtCutoff;
    boolean orphan;
    boolean excluded;
    final Map<String, Integer> days = new HashMap<>();

    P(String id) {
      this.id = id;
    }

    P family(String f, String p) {
      family = f;
      pathway = p;
      return this;
    }

    P region(String r) {
      region = r;
      return this;
    }

    P a(String date) {
      dateA = date;
      return this;
    }

    P modality(String m) {
      modality = m;
      return this;
    }

    P days(String indicator, int d) {
      days.put("days_" + indicator.toLowerCase(), d);
      return this;
    }

    P b(String date) {
      dateB = date;
      return this;
    }

    P f(String date) {
      dateF = date;
      return this;
    }

    P end(String code, String st) {
      endCode = code;
      status = st;
      return this;
    }

    P open() {
      openAtCutoff = true;
      return this;
    }

    P orphan() {
      orphan = true;
      return this;
    }

    P excluded() {
      excluded = true;
      return this;
    }
  }

  static P p(String id) {
    return new P(id);
  }

  static Dataset<Row> pathways(P... rows) {
    List<StructField> fields = new ArrayList<>();
    for (String s : List.of("pathway_id", "family", "pathway", "region", "quarter")) {
      fields.add(DataTypes.createStructField(s, DataTypes.StringType, true));
    }
    for (String d : List.of("date_a", "date_b", "date_c", "date_c1", "date_f", "date_x")) {
      fields.add(DataTypes.createStructField(d, DataTypes.DateType, true));
    }
    for (String s : List.of("end_code", "modality", "status")) {
      fields.add(DataTypes.createStructField(s, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField("open_at_cutoff", DataTypes.BooleanType, true));
    for (String d : DAYS) {
      fields.add(DataTypes.createStructField(d, DataTypes.IntegerType, true));
    }
    fields.add(DataTypes.createStructField("orphan", DataTypes.BooleanType, true));
    fields.add(DataTypes.createStructField("excluded", DataTypes.BooleanType, true));
    List<Row> data = new ArrayList<>();
    for (P p : rows) {
      List<Object> v = new ArrayList<>(List.of(p.id, p.family, p.pathway, p.region, quarter(p.dateA)));
      v.add(date(p.dateA));
      v.add(date(p.dateB));
      v.add(null);
      v.add(null);
      v.add(date(p.dateF));
      v.add(null);
      v.add(p.endCode);
      v.add(p.modality);
      v.add(p.status);
      v.add(p.openAtCutoff);
      for (String d : DAYS) {
        v.add(p.days.get(d));
      }
      v.add(p.orphan);
      v.add(p.excluded);
      data.add(RowFactory.create(v.toArray()));
    }
    return spark().createDataFrame(data, new StructType(fields.toArray(StructField[]::new)));
  }

  /** A standard-time table from lines "pathway,modality,indicator,days,from,to,verified" (to may be empty). */
  static Dataset<Row> standards(String... lines) {
    String values = List.of(lines).stream().map(l -> {
      String[] c = l.split(",", -1);
      return "('" + c[0] + "','" + c[1] + "','" + c[2] + "'," + c[3] + ",date'" + c[4] + "',"
          + (c[5].isEmpty() ? "cast(null as date)" : "date'" + c[5] + "'") + "," + c[6] + ")";
    }).collect(Collectors.joining(","));
    return spark().sql("select * from values " + values
        + " as t(pathway, modality, indicator, standard_days, valid_from, valid_to, verified)");
  }

  static String quarter(String date) {
    int month = Integer.parseInt(date.substring(5, 7));
    return date.substring(0, 4) + "Q" + ((month - 1) / 3 + 1);
  }

  private static Date date(String d) {
    return d == null ? null : Date.valueOf(d);
  }

  /** A table from a DDL schema and rows of values in its column order. */
  static Dataset<Row> table(String ddl, List<Object[]> rows) {
    List<Row> data = rows.stream().map(RowFactory::create).toList();
    return spark().createDataFrame(data, StructType.fromDDL(ddl));
  }

  static final String INDICATORS_DDL = "quarter string, region string, pathway string, modality string, "
      + "indicator string, n long, n_within long, share_within double, q1 double, median double, q3 double, "
      + "n_no_standard long, uses_unverified_standard boolean, cell_id string";
  static final String ACTIVITY_DDL = "quarter string, region string, pathway string, started long, "
      + "investigation_started long, disproven long, treated long, closed_without_treatment long, "
      + "open_at_cutoff long";
  static final String MWT_DDL = "quarter string, region string, rule string, category string, reason string, "
      + "n long, n_still_waiting long";

  /**
   * A grid without cells: the aggregates write their data cells only, for tests of the arithmetic ({@code GridTest}
   * and the zero-cell tests use real grids).
   */
  static final Grid NO_GRID = new Grid(List.of(), List.of(), List.of(), java.time.LocalDate.of(2025, 6, 30));

  /** An internal indicators row; quartiles are 1, 2, 3 so that their suppression is visible. */
  static Object[] indicatorRow(String quarter, String region, String pathway, String modality, String indicator,
      long n, Long nWithin, long nNoStandard) {
    long usable = n - nNoStandard;
    Double share = nWithin == null || usable == 0 ? null : nWithin / (double) usable;
    return new Object[] {quarter, region, pathway, modality, indicator, n, nWithin, share, 1.0, 2.0, 3.0,
        nNoStandard, false, String.join("|", quarter, region, pathway, modality, indicator)};
  }

  static SparkSession spark() {
    return SharedSpark.get();
  }

  /** Rows as sorted strings: a stable way to compare two tables in a test. */
  static List<String> sortedRows(Dataset<Row> table) {
    return table.collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
