package io.github.mcpoauth.internal.tools;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Gives each tool a name that models accept ({@code ^[a-zA-Z0-9_-]{1,64}$}, OpenAI's function-name
 * rule, which LangChain4j and Spring AI pass on): {@code <server name>_<tool name>} with other
 * characters replaced by {@code _}. A name too long, or already given to an earlier tool (two servers
 * of one name, or names equal after replacement), is cut and ends in {@code _} and six hex digits of a
 * hash of the server id and tool name: stable across requests, and the earlier tool keeps its name.
 */
final class ToolNames {

    static final int MAX = 64;
    private static final int HASH = 6;

    private final Set<String> given = new HashSet<>();

    String assign(String serverName, String serverId, String toolName) {
        String plain = clean(serverName) + "_" + clean(toolName);
        String name = plain.length() <= MAX && !given.contains(plain) ? plain : hashed(plain, serverId + "\0" + toolName);
        for (int n = 1; !given.add(name); n++) {
            name = hashed(plain, serverId + "\0" + toolName + "\0" + n);
        }
        return name;
    }

    static String clean(String value) {
        String cleaned = value == null ? "" : value.replaceAll("[^a-zA-Z0-9_-]", "_");
        return cleaned.isEmpty() ? "x" : cleaned;
    }

    private static String hashed(String plain, String key) {
        String head = plain.substring(0, Math.min(plain.length(), MAX - HASH - 1));
        return head + "_" + hash(key);
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
