package dk.pathwatch.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dk.pathwatch.validate.Rule;
import dk.pathwatch.validate.RuleSet;
import org.junit.jupiter.api.Test;

/** The pathway-code facts have one home; the bundled rule files, which keep their own copy as data, agree with it. */
class PathwayCodesTest {

  @Test
  void theUrinarySubPathwaysBelongToTheUrinaryFamily() {
    assertEquals("AFB13", PathwayCodes.family("AFB14"));
    assertEquals("AFB13", PathwayCodes.family("AFB32"));
    assertEquals("AFB01", PathwayCodes.family("AFB01"));
    assertEquals(true, "AFB15C1".matches(PathwayCodes.urinaryCodePattern() + ".*"));
    assertEquals(false, "AFB16C1".matches(PathwayCodes.urinaryCodePattern() + ".*"));
  }

  @Test
  void theRuleFilesMetastasisModelStartIsTheJobs() {
    Rule vr40 = RuleSet.load(RuleSet.rulesFolder(null)).rules().stream().filter(r -> r.id().equals("VR40"))
        .findFirst().orElseThrow();
    assertEquals(PathwayCodes.MF_FROM.toString(), String.valueOf(vr40.params().get("metastasis_model_start")));
  }
}
