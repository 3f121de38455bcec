package io.github.mcpoauth.config;

/** A configuration value is invalid. The message names the key to fix and the value expected. */
public final class McpOAuthConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    McpOAuthConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The configuration key whose value is wrong, e.g. {@code mcp.oauth.path}. */
    public String key() {
        return key;
    }
}
