package io.github.mcpoauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Prints the results as Markdown table rows as they come, and keeps a copy in {@code report.md}. */
final class Report {

    private final Path file;

    Report(Path out) throws IOException {
        this.file = out.resolve("report.md");
        Files.writeString(file, "");
    }

    void heading(String title) throws IOException {
        line("");
        line("### " + title);
        line("");
        line("| measure | mcp-oauth-filter | reference | ratio | goal |");
        line("|---|---|---|---|---|");
    }

    void row(String measure, String ours, String reference, String ratio, String goal) throws IOException {
        line("| " + String.join(" | ", cell(measure), cell(ours), cell(reference), ratio, goal) + " |");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }

    void note(String text) throws IOException {
        line("");
        line(text);
    }

    static String f(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
    }

    static String ratio(double ours, double reference) {
        return String.format(Locale.ROOT, "%.2f×", ours / reference);
    }

    private void line(String text) throws IOException {
        System.out.println(text);
        Files.writeString(file, text + System.lineSeparator(), StandardOpenOption.APPEND);
    }
}
