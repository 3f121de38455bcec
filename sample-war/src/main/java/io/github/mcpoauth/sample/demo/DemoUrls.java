package io.github.mcpoauth.sample.demo;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The demo's absolute URLs, derived from the request that reached it, so the same WAR works under
 * any host, port and context path. Every URL the demo publishes (issuer, endpoints, resource) comes
 * from here, which keeps the metadata, the challenges and the token audiences consistent.
 */
record DemoUrls(String base) {

    static final String MCP_PATH = "/demo/mcp";
    static final String AS_PATH = "/demo/oauth";
    static final String PROTECTED_RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource" + MCP_PATH;
    static final String AUTHORIZATION_SERVER_METADATA_PATH = "/.well-known/oauth-authorization-server" + AS_PATH;
    /** Found by clients under any context path: {@code <issuer>/.well-known/openid-configuration}. */
    static final String ISSUER_RELATIVE_METADATA_PATH = AS_PATH + "/.well-known/openid-configuration";

    static DemoUrls of(HttpServletRequest request) {
        String scheme = request.getScheme();
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return new DemoUrls(scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath());
    }

    String resource() {
        return base + MCP_PATH;
    }

    String resourceMetadata() {
        return base + PROTECTED_RESOURCE_METADATA_PATH;
    }

    String issuer() {
        return base + AS_PATH;
    }

    String authorizationEndpoint() {
        return issuer() + "/authorize";
    }

    String tokenEndpoint() {
        return issuer() + "/token";
    }

    String registrationEndpoint() {
        return issuer() + "/register";
    }
}
