package dev.creor.cli;

import dev.creor.runtime.Creor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Plain aligned columns for human output: a header row, then one row per item, two spaces
 * between columns. Text is left-aligned; numbers may be right-aligned. Cells are redacted: a
 * table lists what the config says (an agent's model, say), and a key may have been pasted there.
 */
final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final BitSet rightAligned = new BitSet();

    Table(String... header) {
        this.header = List.of(header);
    }

    /** Right-aligns the given columns (0-based), header included: for numbers. */
    Table rightAligned(int... columns) {
        for (int column : columns) {
            rightAligned.set(column);
        }
        return this;
    }

    Table row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.length);
        }
        List<String> redacted = new ArrayList<>(cells.length);
        for (String cell : cells) {
            redacted.add(Creor.redact(cell));
        }
        rows.add(List.copyOf(redacted));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = header.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        printRow(out, header, widths);
        rows.forEach(row -> printRow(out, row, widths));
        out.flush();
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            String padding = " ".repeat(widths[column] - cell.length());
            if (column > 0) {
                line.append("  ");
            }
            line.append(rightAligned.get(column) ? padding + cell : cell + padding);
        }
        out.println(line.toString().stripTrailing());
    }
}
