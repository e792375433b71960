package dk.pathwatch.generate;

import java.util.Arrays;
import java.util.Optional;

/**
 * The faults the generator can inject. Most are named by the rule id of docs/architecture.md their truth rows carry;
 * a fault that tests how another rule must behave carries that rule id with a suffix ({@code VR11-EXCLUDED}, whose
 * truth is the copy's {@code VR09}: a correct validator reports nothing else), see {@link #truthRuleId}. The scope
 * says what the injection rate applies to: a pathway slot (marker rows and pathway shapes), an episode, a clock, or
 * a person (duplicated episode keys).
 */
public enum FaultKind {
  VR01("VR01", Scope.MARKER, "unknown marker code (AFB99Q, ...)"),
  VR01_CASE("VR01-CASE", Scope.MARKER, "a pathway marker's code in lower case or with a space before or after "
      + "(afb01b, 'AFB01B '), also VR01"),
  VR02("VR02", Scope.MARKER, "bare group code AFBnnC/AFBnnF after the real point of that kind"),
  VR03("VR03", Scope.MARKER, "impossible pathway/suffix combination (AFB14A, AFB13F1, AFB28X9, ...), also VR01"),
  VR04("VR04", Scope.MARKER, "marker without dato_markoer"),
  VR04_TIME("VR04-TIME", Scope.MARKER, "malformed tidspunkt_markoer (25:61, 9.30, ...)"),
  VR05("VR05", Scope.MARKER, "marker dated after the extraction date"),
  VR05_EARLY("VR05-EARLY", Scope.MARKER, "marker dated before 2012-10-01"),
  VR06("VR06", Scope.MARKER, "marker whose dw_ek_forloeb has no episode"),
  VR07("VR07", Scope.MARKER, "extra episode without cpr_encrypted, with an A and a B marker"),
  VR08("VR08", Scope.EPISODE, "episode label not ALAL01"),
  VR09("VR09", Scope.MARKER, "extra episode with region_ans outside 1081-1085, with an A and a B marker"),
  VR10("VR10", Scope.EPISODE, "episode without sorenhed_ans"),
  VR11("VR11", Scope.MARKER, "exact duplicate of a B (or C) marker, registered again later"),
  VR11_EXCLUDED("VR11-EXCLUDED", "VR09", Scope.MARKER, "a copy of a B (or C) registered earlier on an episode of the "
      + "person with region_ans outside 1081-1085: the copy is VR09, the valid marker is no duplicate"),
  VR11_EPISODE("VR11-EPISODE", "VR11", Scope.CLOCK, "a second episode of the person whose UDR clock starts at the "
      + "same code, date and time as one of the person's clocks, with an exact copy of its own start (that copy "
      + "alone is VR11: clock markers are duplicates per episode)"),
  VR24("VR24", Scope.MARKER, "follow-up marker dated after the person's death (ALAC70)"),
  VR27("VR27", Scope.MARKER, "follow-up marker dated before, registered after the extraction date"),
  VR12("VR12", Scope.PATHWAY, "orphan B/C/F in a family the person has no pathway in"),
  VR13("VR13", Scope.PATHWAY, "second A while the pathway is open (no C/F/X yet)"),
  VR14("VR14", Scope.PATHWAY, "first C dated before first B, or first F before first C"),
  VR15("VR15", Scope.PATHWAY, "treated pathway without B"),
  VR16("VR16", Scope.PATHWAY, "treated pathway without C1/C1A"),
  VR17("VR17", Scope.PATHWAY, "C2* followed by F (also VR16)"),
  VR18("VR18", Scope.PATHWAY, "X1 after F (also VR19: the pathway has C1)"),
  VR19("VR19", Scope.PATHWAY, "X1 after C1, no treatment"),
  VR20("VR20", Scope.PATHWAY, "A and B only, A more than 180 days before the extraction date"),
  VR21("VR21", Scope.PATHWAY, "two F modalities on the same first date and time"),
  VR22("VR22", Scope.PATHWAY, "urinary pathway whose C and F name two different sub-pathways"),
  VR25("VR25", Scope.PATHWAY, "A to B more than 365 days"),
  PW01("PW01", Scope.CLOCK, "second start of a running waiting-time clock"),
  PW03("PW03", Scope.CLOCK, "post-treatment clock (EFT) with only one of AFV01E3 and AFV01C9"),
  PW04("PW04", Scope.CLOCK, "a waiting-time stop marker (AFV01B, AFV01F, AFV01F1) with no clock to stop, on an "
      + "episode of its own"),
  VR35("VR35", Scope.CLOCK, "pause start without end on a stopped clock"),
  DS02("DS02", Scope.PERSON, "duplicated episode key (two forloeb rows, no markers)");

  /** What one draw of the injection rate is about. */
  public enum Scope { MARKER, PATHWAY, EPISODE, CLOCK, PERSON }

  private final String ruleId;
  private final String truthRuleId;
  private final Scope scope;
  private final String description;

  FaultKind(String ruleId, Scope scope, String description) {
    this(ruleId, ruleId, scope, description);
  }

  FaultKind(String ruleId, String truthRuleId, Scope scope, String description) {
    this.ruleId = ruleId;
    this.truthRuleId = truthRuleId;
    this.scope = scope;
    this.description = description;
  }

  /** The fault's name (in {@code --faults} and the snapshot manifest): its rule id, or a rule id with a suffix. */
  public String ruleId() {
    return ruleId;
  }

  /** The rule id the fault's own truth rows carry (the rule a validator must report it under). */
  public String truthRuleId() {
    return truthRuleId;
  }

  public Scope scope() {
    return scope;
  }

  public String description() {
    return description;
  }

  public static Optional<FaultKind> byRuleId(String ruleId) {
    return Arrays.stream(values()).filter(k -> k.ruleId.equalsIgnoreCase(ruleId.trim())).findFirst();
  }

  /** Whether the fault breaks a BLOCKER rule, so that a snapshot holding it is never published. */
  public boolean blocksPublication() {
    return this == DS02;
  }
}
