package io.github.mcpoauth.internal.oauth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the parameters of one scheme's challenge from a {@code WWW-Authenticate} value (RFC 9110
 * section 11.6.1): several challenges per value, quoted strings with escapes and commas, token68,
 * case-insensitive scheme and parameter names. Never throws: garbage yields no parameters.
 */
final class AuthChallengeParser {

    private final String input;
    private int pos;

    private AuthChallengeParser(String input) {
        this.input = input;
    }

    /**
     * The parameters (names lower-cased, first occurrence wins) of the first challenge whose scheme
     * is {@code scheme}, or null when there is no such challenge.
     */
    static Map<String, String> paramsOf(String header, String scheme) {
        return header == null ? null : new AuthChallengeParser(header).find(scheme);
    }

    private Map<String, String> find(String scheme) {
        String current = null;
        Map<String, String> found = null;
        while (pos < input.length()) {
            skip(" \t,");
            String token = readToken();
            if (token.isEmpty()) {
                pos++; // a character that cannot start anything: skip it
                continue;
            }
            skip(" \t");
            if (peek() == '=') {
                pos++;
                skip(" \t");
                String value = peek() == '"' ? readQuoted() : readToken();
                skipPadding();
                if (found != null && scheme.equalsIgnoreCase(current)) {
                    found.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
                }
            } else if (found != null) {
                return found; // the next challenge begins
            } else if (scheme.equalsIgnoreCase(token)) {
                current = token;
                found = new LinkedHashMap<>();
            } else {
                current = token;
            }
        }
        return found;
    }

    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private void skip(String chars) {
        while (pos < input.length() && chars.indexOf(input.charAt(pos)) >= 0) {
            pos++;
        }
    }

    /** Trailing '=' of a token68 value such as {@code abc==}. */
    private void skipPadding() {
        skip("=");
    }

    private String readToken() {
        int start = pos;
        while (pos < input.length() && isTokenChar(input.charAt(pos))) {
            pos++;
        }
        return input.substring(start, pos);
    }

    private String readQuoted() {
        StringBuilder value = new StringBuilder();
        pos++; // opening quote
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '\\' && pos < input.length()) {
                value.append(input.charAt(pos++));
            } else if (c == '"') {
                break;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0
                || c == '/' || c == ':'; // lenient: unquoted URLs are common in the wild
    }
}
