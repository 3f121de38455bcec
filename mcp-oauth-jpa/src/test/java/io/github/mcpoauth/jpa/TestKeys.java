package io.github.mcpoauth.jpa;

import java.util.Base64;

/** Fixed AES keys for tests that configure {@code mcp.oauth.token-key}. */
final class TestKeys {

    /** 32 bytes 0x01..0x20. */
    static final String KEY_256 = Base64.getEncoder().encodeToString(bytes(32, 1));
    /** Another 32-byte key. */
    static final String OTHER_KEY_256 = Base64.getEncoder().encodeToString(bytes(32, 101));

    private TestKeys() {
    }

    private static byte[] bytes(int length, int first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }
}
