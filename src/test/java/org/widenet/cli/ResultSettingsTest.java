package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The resume check's comparison of a checkpoint's settings with this run's. */
class ResultSettingsTest {

  private static Map<String, String> settings(String optimizer, String stepForm) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("model", "relu2");
    s.put("width", "1000");
    s.put("optimizer", optimizer);
    if (stepForm != null) {
      s.put("step-form", stepForm);
    }
    s.put(ResultSettings.DATA, "n=10,d=3,sha256=00");
    return s;
  }

  /** sgd steps its weights: a step-form that older sgd checkpoints recorded is not compared. */
  @Test
  void sgdCheckpointsStepFormIsIgnored() {
    assertNull(ResultSettings.firstDifference(settings("sgd", "span"), settings("sgd", null)));
    assertNull(ResultSettings.firstDifference(settings("sgd", null), settings("sgd", null)));
  }

  /** gd's step form decides its rounding: a change is refused, naming the option. */
  @Test
  void gdStepFormStillCounts() {
    String refusal = ResultSettings.firstDifference(settings("gd", "span"),
        settings("gd", null));
    assertTrue(refusal != null && refusal.startsWith("--step-form is unset here but was span"),
        refusal);
    String added = ResultSettings.firstDifference(settings("gd", null), settings("gd", "span"));
    assertTrue(added != null && added.contains("does not record --step-form"), added);
  }

  @Test
  void comparableLeavesOtherSettingsAlone() {
    Map<String, String> saved = settings("sgd", "span");
    Map<String, String> kept = ResultSettings.comparable(saved);
    assertEquals(saved.size() - 1, kept.size());
    assertEquals("span", saved.get("step-form"), "the saved map itself is not changed");
    assertEquals(settings("gd", "span"), ResultSettings.comparable(settings("gd", "span")));
  }
}
