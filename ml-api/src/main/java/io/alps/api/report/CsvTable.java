package io.alps.api.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV table built row by row; numbers are written with full precision, NaN as an empty cell.
 * A text cell that a spreadsheet would run as a formula (it starts with {@code = + - @}, a tab or a
 * carriage return; class names and file names come from uploaded data) is written with a leading
 * {@code '}, as OWASP's CSV-injection rule says, and so is one that starts with {@code '} itself,
 * so that {@link #plain(String)} gives every text back unchanged. Numbers are never prefixed.
 */
public final class CsvTable {
    /** First characters that make a spreadsheet read a cell as a formula, and the escape itself. */
    private static final String FORMULA_START = "=+-@\t\r'";

    private final List<String> header;
    private final List<List<Object>> rows = new ArrayList<>();

    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    public CsvTable add(List<?> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("row has " + row.size() + " cells, header has " + header.size());
        }
        rows.add(new ArrayList<>(row));
        return this;
    }

    public byte[] toBytes() {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator('\n').get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<Object> row : rows) {
                List<Object> cells = new ArrayList<>(row.size());
                for (Object cell : row) {
                    cells.add(cell instanceof Double d && d.isNaN() ? "" : cell instanceof CharSequence text
                            ? neutralised(text.toString()) : cell);
                }
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The cell as written: text a spreadsheet would evaluate gets a leading {@code '}. */
    public static String neutralised(String text) {
        return !text.isEmpty() && FORMULA_START.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    /** The text a {@link #neutralised(String)} cell stands for. */
    public static String plain(String cell) {
        return cell.length() > 1 && cell.charAt(0) == '\'' && FORMULA_START.indexOf(cell.charAt(1)) >= 0
                ? cell.substring(1) : cell;
    }
}
