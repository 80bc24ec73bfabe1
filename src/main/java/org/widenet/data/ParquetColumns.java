package org.widenet.data;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * The Parquet column shapes {@link ParquetParser} reads: which columns hold a number, a list of
 * numbers (in any of Parquet's three list layouts) or a Spark ML vector, how to read their
 * values from a record, and how to describe a type in an error message.
 */
final class ParquetColumns {
  private ParquetColumns() {}

  /** How a list column stores its numbers. */
  enum ListLevels {
    /** A repeated primitive field without a LIST group. */
    REPEATED_FIELD,
    /** A LIST group whose repeated child is the element (Parquet's legacy two-level form). */
    TWO,
    /** A LIST group whose repeated child is a group holding the element (the standard form). */
    THREE
  }

  /** A list column of numbers: its layout and its element type. */
  record ListShape(ListLevels levels, PrimitiveType element) {}

  /** The features column: a Spark ML vector (field indices into its struct) or a list. */
  record FeatureShape(ListShape list, int type, int size, int indices, ListShape indexList,
      int values, ListShape valueList) {
    boolean isVector() {
      return list == null;
    }
  }

  /** The top-level column called name, or a DataException listing the schema's columns. */
  static Type column(MessageType schema, String name, String file) {
    if (!schema.containsField(name)) {
      throw new DataException(file + ": column \"" + name + "\" not found in the Parquet schema ["
          + schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "))
          + "]");
    }
    return schema.getType(name);
  }

  /** A single (not repeated) number column. */
  static boolean isNumber(Type t) {
    return t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED) && isNumeric(t);
  }

  /** double, float or a signed integer, without a decimal, date or time annotation. */
  static boolean isNumeric(Type t) {
    if (!t.isPrimitive()) {
      return false;
    }
    PrimitiveType p = t.asPrimitiveType();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    switch (p.getPrimitiveTypeName()) {
      case INT32:
      case INT64:
        return a == null || (a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
            && i.isSigned());
      case FLOAT:
      case DOUBLE:
        return a == null;
      default:
        return false;
    }
  }

  static boolean isInt32(Type t) {
    return isNumber(t) && t.asPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.INT32;
  }

  /** A group annotated LIST whose only field is repeated. */
  static boolean isListGroup(GroupType g) {
    return g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
        && g.getFieldCount() == 1 && g.getType(0).isRepetition(Type.Repetition.REPEATED);
  }

  /** The layout of a list of numbers, or null when t is not one. */
  static ListShape listShape(Type t) {
    if (t.isPrimitive()) {
      return t.isRepetition(Type.Repetition.REPEATED) && isNumeric(t)
          ? new ListShape(ListLevels.REPEATED_FIELD, t.asPrimitiveType()) : null;
    }
    GroupType g = t.asGroupType();
    if (g.isRepetition(Type.Repetition.REPEATED) || !isListGroup(g)) {
      return null;
    }
    Type repeated = g.getType(0);
    if (repeated.isPrimitive()) {
      return isNumeric(repeated) ? new ListShape(ListLevels.TWO, repeated.asPrimitiveType())
          : null;
    }
    GroupType wrapper = repeated.asGroupType();
    if (wrapper.getFieldCount() != 1) {
      return null;
    }
    Type element = wrapper.getType(0);
    return isNumber(element) ? new ListShape(ListLevels.THREE, element.asPrimitiveType()) : null;
  }

  /** The shape of a features column, or null when it is neither a vector nor a list. */
  static FeatureShape featureShape(Type t) {
    ListShape list = listShape(t);
    if (list != null) {
      return new FeatureShape(list, -1, -1, -1, null, -1, null);
    }
    if (t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)
        || t.getLogicalTypeAnnotation() != null) {
      return null;
    }
    GroupType g = t.asGroupType();
    for (String f : List.of("type", "size", "indices", "values")) {
      if (!g.containsField(f)) {
        return null;
      }
    }
    ListShape indices = listShape(g.getType("indices"));
    ListShape values = listShape(g.getType("values"));
    if (!isInt32(g.getType("type")) || !isInt32(g.getType("size")) || indices == null
        || indices.element().getPrimitiveTypeName() != PrimitiveTypeName.INT32
        || values == null) {
      return null;
    }
    return new FeatureShape(null, g.getFieldIndex("type"), g.getFieldIndex("size"),
        g.getFieldIndex("indices"), indices, g.getFieldIndex("values"), values);
  }

  /**
   * The numbers of list field {@code field} of {@code parent}, or null when the list is null.
   *
   * @throws DataException if an element is null
   */
  static double[] list(Group parent, int field, ListShape shape, String at,
      String what) {
    PrimitiveType element = shape.element();
    if (shape.levels() == ListLevels.REPEATED_FIELD) {
      double[] out = new double[parent.getFieldRepetitionCount(field)];
      for (int k = 0; k < out.length; k++) {
        out[k] = number(parent, field, k, element);
      }
      return out;
    }
    if (parent.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    Group list = parent.getGroup(field, 0);
    double[] out = new double[list.getFieldRepetitionCount(0)];
    for (int k = 0; k < out.length; k++) {
      if (shape.levels() == ListLevels.TWO) {
        out[k] = number(list, 0, k, element);
      } else {
        Group wrapper = list.getGroup(0, k);
        if (wrapper.getFieldRepetitionCount(0) == 0) {
          throw new DataException(at + ": element " + (k + 1) + " of " + what + " is null");
        }
        out[k] = number(wrapper, 0, 0, element);
      }
    }
    return out;
  }

  static double number(Group g, int field, int k, PrimitiveType type) {
    switch (type.getPrimitiveTypeName()) {
      case INT32:
        return g.getInteger(field, k);
      case INT64:
        return g.getLong(field, k);
      case FLOAT:
        return g.getFloat(field, k);
      case DOUBLE:
        return g.getDouble(field, k);
      default:
        throw new IllegalStateException("not a number type: " + type);
    }
  }

  /** A short description of a Parquet type for messages, e.g. {@code array<double>}. */
  static String describe(Type t) {
    return (t.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "") + describeValue(t);
  }

  static String describeValue(Type t) {
    if (t.isPrimitive()) {
      PrimitiveType p = t.asPrimitiveType();
      String s = p.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT);
      return p.getLogicalTypeAnnotation() == null ? s
          : s + " (" + p.getLogicalTypeAnnotation() + ")";
    }
    GroupType g = t.asGroupType();
    if (isListGroup(g)) {
      Type repeated = g.getType(0);
      Type element = !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
          ? repeated.asGroupType().getType(0) : repeated;
      return "array<" + describeValue(element) + ">";
    }
    return "struct<" + g.getFields().stream().map(f -> f.getName() + ": " + describe(f))
        .collect(Collectors.joining(", ")) + ">";
  }
}
