package io.github.mcpoauth.config;

import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code mcp.oauth.enterprise-*} keys into an {@link EnterpriseIdp}: none of them set is
 * no enterprise-managed authorization; a partial set fails the start naming the missing key, since
 * a silently ignored identity provider would show every user a popup without saying why.
 */
final class EnterpriseIdpReader {

    private EnterpriseIdpReader() {
    }

    static Optional<EnterpriseIdp> read(ConfigReader r) {
        String source = r.string(ConfigKey.ENTERPRISE_ID_TOKEN).trim();
        if (!source.equals("openid-context") && !source.equals("none")
                && !(source.startsWith("attribute:") && source.length() > "attribute:".length())) {
            throw new McpOAuthConfigException(ConfigKey.ENTERPRISE_ID_TOKEN.key(),
                    "expected openid-context, attribute:NAME or none, got '" + source + "'");
        }
        List<String> issuer = r.issuers(ConfigKey.ENTERPRISE_IDP_ISSUER);
        Optional<String> clientId = r.optional(ConfigKey.ENTERPRISE_IDP_CLIENT_ID);
        List<String> servers = r.issuers(ConfigKey.ENTERPRISE_ISSUERS);
        Optional<java.net.URI> tokenEndpoint = r.absoluteUrl(ConfigKey.ENTERPRISE_IDP_TOKEN_ENDPOINT);
        Optional<String> secret = r.optional(ConfigKey.ENTERPRISE_IDP_CLIENT_SECRET);
        if (issuer.isEmpty()) {
            for (ConfigKey dependent : List.of(ConfigKey.ENTERPRISE_IDP_CLIENT_ID, ConfigKey.ENTERPRISE_ISSUERS,
                    ConfigKey.ENTERPRISE_IDP_TOKEN_ENDPOINT, ConfigKey.ENTERPRISE_IDP_CLIENT_SECRET)) {
                if (r.optional(dependent).isPresent()) {
                    throw new McpOAuthConfigException(dependent.key(), "needs " + ConfigKey.ENTERPRISE_IDP_ISSUER.key());
                }
            }
            return Optional.empty();
        }
        if (issuer.size() > 1) {
            throw new McpOAuthConfigException(ConfigKey.ENTERPRISE_IDP_ISSUER.key(), "names one identity provider, got " + issuer);
        }
        if (clientId.isEmpty()) {
            throw new McpOAuthConfigException(ConfigKey.ENTERPRISE_IDP_CLIENT_ID.key(),
                    "is required with " + ConfigKey.ENTERPRISE_IDP_ISSUER.key());
        }
        if (servers.isEmpty()) {
            // asking every AS would hand each user's ID-JAG request to servers the enterprise never chose
            throw new McpOAuthConfigException(ConfigKey.ENTERPRISE_ISSUERS.key(), "must list the issuers of the MCP"
                    + " authorization servers that accept ID-JAGs from " + issuer.get(0));
        }
        return Optional.of(new EnterpriseIdp(issuer.get(0), tokenEndpoint, clientId.get(), secret, servers, source));
    }
}
