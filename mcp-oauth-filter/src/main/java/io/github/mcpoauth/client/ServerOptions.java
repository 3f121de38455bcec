package io.github.mcpoauth.client;

import io.github.mcpoauth.config.PreRegisteredClient;
import io.github.mcpoauth.config.RetryPolicy;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Options of {@link McpClientManager#addMcpServer(String, String, ServerOptions)}, mirroring the
 * seed's: transport, custom headers, a callback URL override, a retry policy, an explicit id, and
 * pre-registered OAuth client credentials for this server.
 */
public record ServerOptions(
        TransportType transport,
        Map<String, String> headers,
        Optional<URI> callbackUrl,
        Optional<RetryPolicy> retry,
        Optional<String> id,
        Optional<PreRegisteredClient> client) {

    public ServerOptions {
        transport = transport == null ? TransportType.AUTO : transport;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        callbackUrl = callbackUrl == null ? Optional.empty() : callbackUrl;
        retry = retry == null ? Optional.empty() : retry;
        id = id == null ? Optional.empty() : id;
        client = client == null ? Optional.empty() : client;
    }

    public static ServerOptions defaults() {
        return new ServerOptions(TransportType.AUTO, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public ServerOptions withTransport(TransportType value) {
        return new ServerOptions(value, headers, callbackUrl, retry, id, client);
    }

    public ServerOptions withHeaders(Map<String, String> value) {
        return new ServerOptions(transport, value, callbackUrl, retry, id, client);
    }

    public ServerOptions withCallbackUrl(URI value) {
        return new ServerOptions(transport, headers, Optional.ofNullable(value), retry, id, client);
    }

    public ServerOptions withRetry(RetryPolicy value) {
        return new ServerOptions(transport, headers, callbackUrl, Optional.ofNullable(value), id, client);
    }

    public ServerOptions withId(String value) {
        return new ServerOptions(transport, headers, callbackUrl, retry, Optional.ofNullable(value), client);
    }

    public ServerOptions withClient(PreRegisteredClient value) {
        return new ServerOptions(transport, headers, callbackUrl, retry, id, Optional.ofNullable(value));
    }
}
