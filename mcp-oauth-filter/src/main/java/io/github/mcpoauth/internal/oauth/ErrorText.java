package io.github.mcpoauth.internal.oauth;

/**
 * Makes text from a remote server (or from an exception) safe to show to a user and to log: control
 * and invisible formatting characters are removed, whitespace controls become a space, and the
 * result is cut to {@value #MAX_LENGTH} characters. The project's one sanitizer for error messages.
 */
public final class ErrorText {

    /** The longest message that reaches a user. */
    public static final int MAX_LENGTH = 500;

    private ErrorText() {
    }

    /** The sanitized text; the empty string for null. */
    public static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\n' || cp == '\r' || cp == '\t') {
                out.append(' ');
            } else if (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                    && (out.length() + Character.charCount(cp)) <= MAX_LENGTH) {
                out.appendCodePoint(cp);
            }
        }
        return out.toString().strip();
    }
}
