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
    assertEquals(DataFormat.PARQUET, DataFormat.parse("Parquet"));
  }

  @Test
  void unknownListsChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DataFormat.parse("orc"));
    assertTrue(e.getMessage().contains("\"orc\""), e.getMessage());
    assertTrue(e.getMessage().contains("libsvm") && e.getMessage().contains("csv")
        && e.getMessage().contains("parquet"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DataFormat.parse(null));
  }
}
