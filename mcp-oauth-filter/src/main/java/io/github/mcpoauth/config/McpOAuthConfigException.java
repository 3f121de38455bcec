package io.github.mcpoauth.config;

/** A configuration value is invalid. The message names the key to fix and the value expected. */
public final class McpOAuthConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    McpOAuthConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** For code outside this package (store selection, say) that finds a key's value unusable. */
    public static McpOAuthConfigException forKey(ConfigKey key, String problem) {
        return new McpOAuthConfigException(key.key(), problem);
    }

    /** The configuration key whose value is wrong, e.g. {@code mcp.oauth.path}. */
    public String key() {
        return key;
    }
}
