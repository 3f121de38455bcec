package io.github.mcpoauth.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ToolNamesTest {

    private static final Pattern ALLOWED = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    @Test
    void serverAndToolNamesAreJoinedWithOtherCharactersReplaced() {
        ToolNames names = new ToolNames();
        assertEquals("github_search", names.assign("github", "id1", "search"));
        assertEquals("My_Server_read_file", names.assign("My Server", "id2", "read.file"));
        assertEquals("x__t_", names.assign("", "id3", "été"));
    }

    @Test
    void aClashKeepsTheFirstNameAndGivesTheNextAStableHashedOne() {
        ToolNames first = new ToolNames();
        assertEquals("docs_echo", first.assign("docs", "a", "echo"));
        String second = first.assign("docs", "b", "echo");
        String third = first.assign("docs!", "c", "echo");
        assertTrue(second.matches("docs_echo_[0-9a-f]{6}"), second);
        assertNotEquals(second, third);

        ToolNames again = new ToolNames();
        again.assign("docs", "a", "echo");
        assertEquals(second, again.assign("docs", "b", "echo"), "the same tool gets the same name at the next request");
    }

    @Test
    void longNamesAreCutToSixtyFourWithAHashThatKeepsThemApart() {
        ToolNames names = new ToolNames();
        String server = "s".repeat(40);
        String a = names.assign(server, "id", "t".repeat(40) + "a");
        String b = names.assign(server, "id", "t".repeat(40) + "b");
        for (String name : List.of(a, b)) {
            assertTrue(ALLOWED.matcher(name).matches(), name);
            assertEquals(ToolNames.MAX, name.length());
        }
        assertNotEquals(a, b);
    }
}
