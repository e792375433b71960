package dk.pathwatch.indicators;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

public final class ScratchAccess {
  public static List<DisclosureModel.IndicatorRow> indicators(Dataset<Row> d) { return DisclosureControl.indicatorRows(d); }
  public static List<DisclosureModel.ActivityRow> activity(Dataset<Row> d) { return DisclosureControl.activityRows(d); }
  public static List<DisclosureModel.MwtRow> mwt(Dataset<Row> d) { return DisclosureControl.mwtRows(d); }
}
