package org.chatharness.load.raw;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the bench's results as JSON: maps (in their own order), lists, strings, numbers, booleans
 * and null. A number that is not finite (a percentile of no samples) is written as null.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      String inner = indent + "  ";
      out.append('{');
      String comma = "\n";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(comma).append(inner);
        string(entry.getKey().toString(), out);
        out.append(": ");
        write(entry.getValue(), out, inner);
        comma = ",\n";
      }
      out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
    } else if (value instanceof List<?> list) {
      String inner = indent + "  ";
      out.append('[');
      String comma = "\n";
      for (Object item : list) {
        out.append(comma).append(inner);
        write(item, out, inner);
        comma = ",\n";
      }
      out.append(list.isEmpty() ? "]" : "\n" + indent + "]");
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(
          Double.isFinite(d)
              ? String.format(Locale.ROOT, "%.4f", d).replaceAll("\\.?0+$", "")
              : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
