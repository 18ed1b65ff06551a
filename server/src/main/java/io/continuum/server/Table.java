package io.continuum.server;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table for the operations commands: left-aligned columns two spaces apart, each as wide as
 * its widest cell.
 *
 * <pre>{@code
 * new Table("NODE", "WORKFLOW").row("a", "orders.checkout").print(console.out());
 * }</pre>
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  /** Adds a row; null cells print as {@code -}. */
  Table row(Object... cells) {
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = cells[i] == null ? "-" : cells[i].toString();
    }
    rows.add(row);
    return this;
  }

  /** Whether it has no rows besides the header. */
  boolean isEmpty() {
    return rows.size() == 1;
  }

  /** Prints the header and the rows, each line indented by two spaces. */
  void print(PrintWriter out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      var line = new StringBuilder("  ");
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.println(line);
    }
  }
}
