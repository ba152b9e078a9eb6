package org.chatharness.load.results;

/**
 * The few Markdown constructs the summaries use (headings, bullets, tables, bold, paragraphs) as an
 * HTML page, so that a summary needs no Markdown viewer.
 */
final class Html {
  private Html() {}

  /**
   * A page with {@code title}, the Markdown rendered, and {@code svg} (may be empty) at the end.
   */
  static String page(String title, String markdown, String svg) {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
            .append(escape(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
            .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;")
            .append("text-align:right}</style></head><body>\n");
    boolean inList = false;
    boolean inTable = false;
    for (String line : markdown.split("\n")) {
      if (inList && !line.startsWith("- ")) {
        html.append("</ul>\n");
        inList = false;
      }
      if (inTable && !line.startsWith("|")) {
        html.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("# ")) {
        html.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("- ")) {
        html.append(inList ? "" : "<ul>\n").append("<li>").append(inline(line.substring(2)));
        html.append("</li>\n");
        inList = true;
      } else if (line.startsWith("|---")) {
        continue;
      } else if (line.startsWith("|")) {
        String cell = inTable ? "td" : "th";
        html.append(inTable ? "" : "<table>\n").append("<tr>");
        for (String value : line.substring(1, line.length() - 1).split("\\|")) {
          html.append('<').append(cell).append('>').append(inline(value.trim()));
          html.append("</").append(cell).append('>');
        }
        html.append("</tr>\n");
        inTable = true;
      } else if (!line.isBlank()) {
        html.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    html.append(inList ? "</ul>\n" : "").append(inTable ? "</table>\n" : "");
    return html.append(svg).append("\n</body></html>\n").toString();
  }

  private static String inline(String text) {
    return escape(text)
        .replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>")
        .replaceAll("`(.+?)`", "<code>$1</code>");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
