package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DataFormatTest {
  @Test
  void parsesIgnoringCase() {
    assertEquals(DataFormat.LIBSVM, DataFormat.parse("libsvm"));
    assertEquals(DataFormat.LIBSVM, DataFormat.parse("LibSVM"));
    assertEquals(DataFormat.CSV, DataFormat.parse(" CSV "));
  }

  @Test
  void unknownListsChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("parquet"));
    assertTrue(e.getMessage().contains("\"parquet\""), e.getMessage());
    assertTrue(e.getMessage().contains("libsvm") && e.getMessage().contains("csv"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataFormat.parse(null));
  }
}
