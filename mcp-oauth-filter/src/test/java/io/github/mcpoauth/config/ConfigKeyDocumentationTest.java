package io.github.mcpoauth.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's configuration table and {@link ConfigKey} in step: every key is listed with
 * its environment variable and default, and the table lists nothing else.
 */
class ConfigKeyDocumentationTest {

    /** Surefire runs in the module directory; the README is the reactor's. */
    private static final Path README = Path.of("..", "README.md");
    private static final String PRECEDENCE =
            "system property > environment variable > MicroProfile Config > filter init-param > context-param > default";

    private static String section;
    private static Map<String, List<String>> rowsByKey;

    @BeforeAll
    static void readTable() throws IOException {
        assertTrue(Files.isRegularFile(README), "no README at " + README.toAbsolutePath());
        section = configurationSection(Files.readString(README));
        rowsByKey = rows(section);
    }

    @Test
    void everyKeyIsInTheTable() {
        Set<String> missing = Stream.of(ConfigKey.values()).map(ConfigKey::key)
                .filter(k -> !rowsByKey.containsKey(k)).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(Set.of(), missing, "keys missing from the README table");
    }

    @Test
    void theTableNamesNoKeyThatDoesNotExist() {
        Set<String> known = Stream.of(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(rowsByKey.keySet());
        unknown.removeAll(known);

        assertEquals(Set.of(), unknown, "README table rows for keys ConfigKey does not have");
    }

    @Test
    void everyRowShowsTheKeysEnvironmentVariableAndDefault() {
        for (ConfigKey key : ConfigKey.values()) {
            List<String> row = rowsByKey.get(key.key());
            assertNotNull(row, key.key() + " is not in the table");
            assertEquals(key.envName(), row.get(1), "environment variable of " + key.key());
            assertEquals(key.defaultValue(), row.get(2), "default of " + key.key());
            assertFalse(row.get(3).isBlank(), "meaning of " + key.key());
        }
    }

    @Test
    void theSectionStatesThePrecedence() {
        assertTrue(section.contains(PRECEDENCE), "the Configuration section must say: " + PRECEDENCE);
    }

    private static String configurationSection(String readme) {
        int start = readme.indexOf("\n## Configuration\n");
        assertTrue(start >= 0, "README has no '## Configuration' section");
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** Rows of the one table, keyed by the key cell; cells are trimmed and unquoted from backticks. */
    private static Map<String, List<String>> rows(String section) {
        List<String> lines = section.lines().filter(l -> l.startsWith("|")).toList();
        assertTrue(lines.size() > 2, "the Configuration section has no table");
        assertEquals(List.of("key", "environment variable", "default", "meaning"), cells(lines.get(0)), "table header");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            List<String> cells = cells(line);
            assertEquals(4, cells.size(), "a row must have four cells: " + line);
            assertNull(rows.put(cells.get(0), cells), "key listed twice: " + cells.get(0));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        String inner = line.trim();
        inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            String trimmed = cell.trim();
            if (trimmed.length() >= 2 && trimmed.startsWith("`") && trimmed.endsWith("`")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            cells.add(trimmed);
        }
        return cells;
    }
}
