package io.github.mcpoauth.internal.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorTextTest {

    @Test
    void stripsControlAndFormattingCharactersAndTurnsLineBreaksIntoSpaces() {
        assertEquals("bad thing happened", ErrorText.sanitize("bad\u0007 thing\nhappened\u202e\u0000"));
    }

    @Test
    void cutsAtFiveHundredCharactersWithoutSplittingSurrogatePairs() {
        assertEquals(500, ErrorText.sanitize("x".repeat(2000)).length());
        String emoji = "\uD83D\uDE00";
        String sanitized = ErrorText.sanitize("x".repeat(499) + emoji);
        assertEquals("x".repeat(499), sanitized);
    }

    @Test
    void nullBecomesEmpty() {
        assertEquals("", ErrorText.sanitize(null));
    }
}
