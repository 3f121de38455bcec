package io.github.mcpoauth.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The module's whole configuration, parsed once at startup and immutable afterwards. Each
 * component corresponds to one {@link ConfigKey}; the README table documents them all.
 *
 * <p>Precedence, first match wins: system property, environment variable, filter init-param,
 * context-param, default. A bad value fails with {@link McpOAuthConfigException} naming the key.
 *
 * <p>{@code application} is not a key: it names the web application (from its context path) when
 * the configuration was loaded for one, and gives each application its own default data directory.
 */
public record McpOAuthConfig(
        boolean disabled,
        String path,
        String owner,
        Optional<URI> callbackUrl,
        Optional<String> successRedirect,
        Optional<String> errorRedirect,
        List<String> allowedOrigins,
        boolean allowPrivateNetwork,
        boolean allowLoopback,
        String clientName,
        Optional<String> clientId,
        List<String> clientIssuers,
        Optional<String> clientSecret,
        Optional<String> clientAuthMethod,
        Optional<String> clientJwk,
        Optional<URI> clientMetadataUrl,
        Optional<EnterpriseIdp> enterpriseIdp,
        List<String> appOwners,
        Map<String, String> workloadTokens,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration discoveryTimeout,
        Duration idleTimeout,
        Duration syncInterval,
        Duration authorizationTtl,
        Duration refreshSkew,
        DpopMode dpop,
        RetryPolicy retry,
        HttpLimits httpLimits,
        int maxServersPerOwner,
        Duration elicitationTimeout,
        int maxPendingElicitations,
        int httpThreads,
        int blockingThreads,
        int maxConcurrentConnects,
        boolean tracing,
        boolean healthEnabled,
        Optional<String> healthRole,
        StoreType store,
        Optional<String> tokenKey,
        List<String> previousTokenKeys,
        Optional<String> dataDir,
        Optional<String> jdbcUrl,
        Optional<String> jdbcUser,
        Optional<String> jdbcPassword,
        Optional<String> dataSource,
        Optional<String> application) {

    private static final String DEFAULT_DATA_DIR = "mcp-oauth-data";

    /** Which store backs servers, registrations, tokens and pending authorizations. */
    public enum StoreType { AUTO, MEMORY, JPA }

    /**
     * When tokens are DPoP-bound (RFC 9449), which needs the authorization server to advertise it:
     * {@code AUTO} only when the MCP server also signals that it accepts DPoP, {@code ALWAYS} whenever
     * the authorization server offers it, {@code NEVER} not at all.
     */
    public enum DpopMode { AUTO, ALWAYS, NEVER }

    public McpOAuthConfig {
        allowedOrigins = List.copyOf(allowedOrigins);
        clientIssuers = List.copyOf(clientIssuers);
        appOwners = List.copyOf(appOwners);
        workloadTokens = Map.copyOf(workloadTokens);
        previousTokenKeys = List.copyOf(previousTokenKeys);
    }

    /**
     * The pre-registered client for the authorization server with this issuer: only when
     * {@code mcp.oauth.client-id} is set and the issuer is one of {@code mcp.oauth.client-issuers},
     * compared as strings (RFC 8414 section 3.3), so a configured secret never reaches another server.
     */
    public Optional<PreRegisteredClient> preRegisteredClientFor(String issuer) {
        if (clientId.isEmpty() || issuer == null || !clientIssuers.contains(issuer)) {
            return Optional.empty();
        }
        return Optional.of(new PreRegisteredClient(clientId.get(), clientSecret.orElse(null), clientAuthMethod.orElse(null)));
    }

    /** Whether the owner is the application itself ({@code mcp.oauth.app-owners}): its servers never wait for a browser. */
    public boolean isAppOwner(String owner) {
        return owner != null && appOwners.contains(owner);
    }

    /**
     * Whether this module serves the Client ID Metadata Document itself: {@code mcp.oauth.client-metadata-url}
     * is {@code client-metadata.json} beside the module's own callback in {@code mcp.oauth.callback-url}
     * (what {@code auto} gives), so the document's one redirect URI is that callback URL.
     */
    public boolean servesClientMetadata() {
        return clientMetadataUrl.isPresent() && callbackUrl.isPresent()
                && ClientMetadataUrl.servedBeside(callbackUrl.get(), path).equals(clientMetadataUrl);
    }

    /**
     * The embedded store's directory, absolute: {@code mcp.oauth.data-dir} as given; else
     * {@code ./mcp-oauth-data/<application>} for a web application (see {@link #forApplication}),
     * or {@code ./mcp-oauth-data} when the configuration was not loaded for one.
     */
    public Path dataDirectory() {
        Path path = dataDir.filter(d -> !d.isBlank()).map(Path::of)
                .orElseGet(() -> application.map(app -> Path.of(DEFAULT_DATA_DIR, app)).orElse(Path.of(DEFAULT_DATA_DIR)));
        return path.toAbsolutePath().normalize();
    }

    /** Every key at its default. */
    public static McpOAuthConfig defaults() {
        return fromMap(Map.of());
    }

    /** Reads only the given map (no system properties or environment): for tests and embedding. */
    public static McpOAuthConfig fromMap(Map<String, String> values) {
        return read(List.of(values::get), Optional.empty());
    }

    /**
     * Reads system properties, then the environment, then MicroProfile Config where the application
     * has it, then {@code filterParams}, then {@code contextParams} (either may be null), as a servlet
     * container deployment does.
     */
    public static McpOAuthConfig load(Function<String, String> filterParams, Function<String, String> contextParams) {
        return load(filterParams, contextParams, System::getenv, MicroProfileSource.find().orElse(null));
    }

    /**
     * As {@link #load(Function, Function)}, for the web application at {@code contextPath}: the
     * default data directory is then {@code ./mcp-oauth-data/<name>}, the name derived from the
     * context path ({@code ROOT} for the root context, {@code shop} for {@code /shop}, {@code a#b}
     * for {@code /a/b}). Everything that reads the data directory of an application loads its
     * configuration this way, so they all agree.
     */
    public static McpOAuthConfig forApplication(String contextPath, Function<String, String> filterParams,
            Function<String, String> contextParams) {
        return read(sources(filterParams, contextParams, System::getenv, MicroProfileSource.find().orElse(null)),
                Optional.of(ApplicationName.of(contextPath)));
    }

    /**
     * As {@link #load(Function, Function)}, with {@code environment} looked up by {@link ConfigKey#envName()}
     * and no MicroProfile Config.
     */
    static McpOAuthConfig load(Function<String, String> filterParams, Function<String, String> contextParams,
            Function<String, String> environment) {
        return load(filterParams, contextParams, environment, null);
    }

    /** As {@link #load(Function, Function, Function)}, with {@code microProfile} (may be null) as MicroProfile Config. */
    static McpOAuthConfig load(Function<String, String> filterParams, Function<String, String> contextParams,
            Function<String, String> environment, Function<String, String> microProfile) {
        return read(sources(filterParams, contextParams, environment, microProfile), Optional.empty());
    }

    /**
     * MicroProfile Config comes after system properties and the environment, which it contains itself
     * (so their order is the same with or without it), and before the WAR's own init- and
     * context-params: like them it is the deployer's configuration, which overrides the application's.
     */
    private static List<Function<String, String>> sources(Function<String, String> filterParams,
            Function<String, String> contextParams, Function<String, String> environment,
            Function<String, String> microProfile) {
        List<Function<String, String>> sources = new ArrayList<>();
        sources.add(System::getProperty);
        sources.add(key -> environment.apply(envNameOf(key)));
        if (microProfile != null) {
            sources.add(microProfile);
        }
        if (filterParams != null) {
            sources.add(filterParams);
        }
        if (contextParams != null) {
            sources.add(contextParams);
        }
        return sources;
    }

    private static String envNameOf(String key) {
        for (ConfigKey k : ConfigKey.values()) {
            if (k.key().equals(key)) {
                return k.envName();
            }
        }
        return key;
    }

    private static McpOAuthConfig read(List<Function<String, String>> sources, Optional<String> application) {
        ConfigReader r = new ConfigReader(sources);
        Duration initialBackoff = r.duration(ConfigKey.RETRY_INITIAL_BACKOFF, false);
        Duration maxBackoff = r.duration(ConfigKey.RETRY_MAX_BACKOFF, false);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new McpOAuthConfigException(ConfigKey.RETRY_MAX_BACKOFF.key(),
                    "must not be shorter than " + ConfigKey.RETRY_INITIAL_BACKOFF.key());
        }
        Optional<String> authMethod = r.optional(ConfigKey.CLIENT_AUTH_METHOD);
        authMethod.ifPresent(m -> {
            if (!List.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt").contains(m)) {
                throw new McpOAuthConfigException(ConfigKey.CLIENT_AUTH_METHOD.key(),
                        "expected client_secret_basic, client_secret_post, none or private_key_jwt, got '" + m + "'");
            }
        });
        Optional<String> clientId = r.optional(ConfigKey.CLIENT_ID);
        List<String> clientIssuers = r.issuers(ConfigKey.CLIENT_ISSUERS);
        if (clientId.isPresent() && clientIssuers.isEmpty()) {
            // binding to nothing would silently drop the credential; sending it everywhere leaks it
            throw new McpOAuthConfigException(ConfigKey.CLIENT_ISSUERS.key(), "must list the issuer URLs of the authorization"
                    + " servers " + ConfigKey.CLIENT_ID.key() + " is registered with (the credential is sent to no other)");
        }
        if (clientId.isEmpty() && !clientIssuers.isEmpty()) {
            throw new McpOAuthConfigException(ConfigKey.CLIENT_ISSUERS.key(), "needs " + ConfigKey.CLIENT_ID.key());
        }
        String path = r.path(ConfigKey.PATH);
        Optional<URI> callbackUrl = r.absoluteUrl(ConfigKey.CALLBACK_URL);
        boolean allowLoopback = r.bool(ConfigKey.ALLOW_LOOPBACK);
        return new McpOAuthConfig(
                r.bool(ConfigKey.DISABLED),
                path,
                r.string(ConfigKey.OWNER),
                callbackUrl,
                r.optional(ConfigKey.SUCCESS_REDIRECT),
                r.optional(ConfigKey.ERROR_REDIRECT),
                r.list(ConfigKey.ALLOWED_ORIGINS),
                r.bool(ConfigKey.ALLOW_PRIVATE_NETWORK),
                allowLoopback,
                r.string(ConfigKey.CLIENT_NAME),
                clientId,
                clientIssuers,
                r.optional(ConfigKey.CLIENT_SECRET),
                authMethod,
                r.optional(ConfigKey.CLIENT_JWK),
                ClientMetadataUrl.read(r, callbackUrl, path, allowLoopback),
                EnterpriseIdpReader.read(r),
                r.list(ConfigKey.APP_OWNERS),
                r.issuerPaths(ConfigKey.WORKLOAD_TOKENS),
                r.duration(ConfigKey.CONNECT_TIMEOUT, false),
                r.duration(ConfigKey.REQUEST_TIMEOUT, false),
                r.duration(ConfigKey.DISCOVERY_TIMEOUT, false),
                r.duration(ConfigKey.IDLE_TIMEOUT, true),
                r.duration(ConfigKey.SYNC_INTERVAL, true),
                r.duration(ConfigKey.AUTHORIZATION_TTL, false),
                r.duration(ConfigKey.REFRESH_SKEW, true),
                dpopMode(r),
                new RetryPolicy(r.positiveInt(ConfigKey.RETRY_MAX_ATTEMPTS), initialBackoff, maxBackoff),
                new HttpLimits(r.size(ConfigKey.MIN_TRANSFER_RATE, true), r.size(ConfigKey.MAX_RESPONSE_SIZE, false),
                        r.positiveInt(ConfigKey.MAX_CONCURRENT_REQUESTS), r.positiveInt(ConfigKey.MAX_CONCURRENT_REQUESTS_PER_OWNER),
                        r.duration(ConfigKey.REQUEST_QUEUE_TIMEOUT, false)),
                r.positiveInt(ConfigKey.MAX_SERVERS_PER_OWNER),
                r.duration(ConfigKey.ELICITATION_TIMEOUT, false),
                r.positiveInt(ConfigKey.MAX_PENDING_ELICITATIONS),
                r.positiveInt(ConfigKey.HTTP_THREADS),
                r.positiveInt(ConfigKey.BLOCKING_THREADS),
                r.positiveInt(ConfigKey.MAX_CONCURRENT_CONNECTS),
                r.bool(ConfigKey.TRACING),
                r.bool(ConfigKey.HEALTH_ENABLED),
                r.optional(ConfigKey.HEALTH_ROLE),
                r.choice(ConfigKey.STORE, StoreType.class),
                r.optional(ConfigKey.TOKEN_KEY),
                r.list(ConfigKey.PREVIOUS_TOKEN_KEYS),
                r.optional(ConfigKey.DATA_DIR),
                r.optional(ConfigKey.JDBC_URL),
                r.optional(ConfigKey.JDBC_USER),
                r.optional(ConfigKey.JDBC_PASSWORD),
                r.optional(ConfigKey.DATASOURCE),
                application);
    }

    /** The key was boolean first: its true and false spellings still read as {@code always} and {@code never}. */
    private static DpopMode dpopMode(ConfigReader r) {
        return switch (r.string(ConfigKey.DPOP).toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> DpopMode.ALWAYS;
            case "false", "no", "off", "0" -> DpopMode.NEVER;
            default -> r.choice(ConfigKey.DPOP, DpopMode.class);
        };
    }

    /** Keeps secrets out of logs. */
    @Override
    public String toString() {
        return "McpOAuthConfig[path=" + path + ", owner=" + owner + ", store=" + store
                + ", allowPrivateNetwork=" + allowPrivateNetwork + ", allowLoopback=" + allowLoopback + ", clientId=" + clientId.orElse("-")
                + ", clientIssuers=" + clientIssuers + ", appOwners=" + appOwners
                + ", workloadTokens=" + workloadTokens.keySet()
                + ", clientSecret=" + (clientSecret.isPresent() ? "***" : "-")
                + (enterpriseIdp.isPresent() ? ", " + enterpriseIdp.get() : "")
                + ", tokenKey=" + (tokenKey.isPresent() ? "***" : "-")
                + ", previousTokenKeys=" + previousTokenKeys.size() + "]";
    }
}
