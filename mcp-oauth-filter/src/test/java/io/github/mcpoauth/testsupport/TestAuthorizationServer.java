package io.github.mcpoauth.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

import com.nimbusds.jose.jwk.JWK;

/**
 * An OAuth 2.1 authorization server for tests, on {@code http://127.0.0.1:<port>}, that approves
 * every valid authorization request by itself (a user who always clicks "Allow").
 *
 * <p>Endpoints, for issuer {@code <origin><issuerPath>}: metadata at
 * {@code /.well-known/oauth-authorization-server<issuerPath>} (see {@link MetadataLocation}),
 * {@code <issuer>/register} (RFC 7591, when offered), {@code <issuer>/authorize} and
 * {@code <issuer>/token}. Use {@link #verify(String)} from a resource server.
 *
 * <pre>{@code
 * try (TestAuthorizationServer as = TestAuthorizationServer.builder().issuerPath("/tenant1").start()) { ... }
 * }</pre>
 */
public final class TestAuthorizationServer implements AutoCloseable {

    /** A broken answer the token endpoint gives to the next token request instead of a real one. */
    public enum Failure {
        /** 200 with an HTML page. */
        HTML_200,
        /** 500 with a plain-text body. */
        SERVER_ERROR_500,
        /** 200 JSON without {@code access_token}. */
        MISSING_ACCESS_TOKEN,
        /** 400 {@code {"error":"invalid_grant"}}. */
        INVALID_GRANT
    }

    /** Where the metadata document is served, for issuer path {@code /p}. */
    public enum MetadataLocation {
        /** {@code /.well-known/oauth-authorization-server/p} (RFC 8414). */
        OAUTH_AUTHORIZATION_SERVER,
        /** {@code /.well-known/openid-configuration/p}. */
        OPENID_CONFIGURATION,
        /** {@code /p/.well-known/openid-configuration} (OpenID Connect Discovery). */
        OPENID_CONFIGURATION_APPENDED,
        /** Nowhere: clients must fall back to default endpoint paths. */
        NONE;

        String path(String issuerPath) {
            return switch (this) {
                case OAUTH_AUTHORIZATION_SERVER -> "/.well-known/oauth-authorization-server" + issuerPath;
                case OPENID_CONFIGURATION -> "/.well-known/openid-configuration" + issuerPath;
                case OPENID_CONFIGURATION_APPENDED -> issuerPath + "/.well-known/openid-configuration";
                case NONE -> null;
            };
        }
    }

    private final EmbeddedJetty jetty;
    private final AuthorizationServerEndpoints endpoints;
    private final String metadataUrl;
    private final ClientRegistry clients;
    private final TokenRegistry tokens;
    private final AuthorizationServerRecorder recorder;
    private final AtomicBoolean denyNext;
    private final AtomicReference<Failure> nextTokenFailure;
    private final Hold revocationHold = new Hold();
    private final AtomicBoolean revocationsFail = new AtomicBoolean();
    private final RegistrationReads registrationReads = new RegistrationReads();
    private IdJagGrants idJags;
    private DpopChecker dpop;
    private NoUserGrants noUserGrants;

    private TestAuthorizationServer(EmbeddedJetty jetty, AuthorizationServerEndpoints endpoints, String metadataUrl,
            ClientRegistry clients, TokenRegistry tokens, AuthorizationServerRecorder recorder,
            AtomicBoolean denyNext, AtomicReference<Failure> nextTokenFailure) {
        this.jetty = jetty;
        this.endpoints = endpoints;
        this.metadataUrl = metadataUrl;
        this.clients = clients;
        this.tokens = tokens;
        this.recorder = recorder;
        this.denyNext = denyNext;
        this.nextTokenFailure = nextTokenFailure;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The issuer identifier: {@code http://127.0.0.1:<port><issuerPath>}. */
    public String issuer() {
        return endpoints.issuer();
    }

    public AuthorizationServerEndpoints endpoints() {
        return endpoints;
    }

    /** The URL of the metadata document, empty with {@link MetadataLocation#NONE}. */
    public Optional<String> metadataUrl() {
        return Optional.ofNullable(metadataUrl);
    }

    /** Adds a pre-registered client (as if configured out of band). Empty redirect URIs allow any. */
    public KnownClient registerClient(String clientId, String clientSecret, String tokenEndpointAuthMethod,
            List<String> redirectUris) {
        KnownClient client = new KnownClient(clientId, clientSecret, tokenEndpointAuthMethod, redirectUris,
                Map.of("token_endpoint_auth_method", tokenEndpointAuthMethod));
        clients.add(client);
        return client;
    }

    /** Adds a pre-registered {@code private_key_jwt} client whose public key is {@code publicKey}. */
    public KnownClient registerKeyClient(String clientId, JWK publicKey) {
        KnownClient client = new KnownClient(clientId, null, KnownClient.PRIVATE_KEY_JWT, List.of(),
                Map.of("token_endpoint_auth_method", KnownClient.PRIVATE_KEY_JWT,
                        "jwks", Map.of("keys", List.of(publicKey.toPublicJWK().toJSONObject()))));
        clients.add(client);
        return client;
    }

    /** JWT-bearer grants (RFC 7523 section 2.1) accept assertions signed by this key. */
    public void trustWorkloadKey(JWK publicKey) {
        noUserGrants.trust(publicKey.toPublicJWK());
    }

    /** A client known by client_id (registered, pre-registered, or an already fetched metadata document). */
    public Optional<KnownClient> client(String clientId) {
        try {
            return clients.resolve(clientId);
        } catch (OAuthErrorException e) {
            return Optional.empty();
        }
    }

    /** The next authorization request that passes validation is denied with {@code access_denied}. */
    public void denyNext() {
        denyNext.set(true);
    }

    /** The next token request is answered with {@code failure} (its code or refresh token stays unused). */
    public void failNextToken(Failure failure) {
        nextTokenFailure.set(Objects.requireNonNull(failure, "failure"));
    }

    /** The access token if this server issued it and it is neither revoked nor expired. */
    public Optional<IssuedToken> verify(String accessToken) {
        return tokens.verify(accessToken);
    }

    /** The subject of the ID-JAG an access token was issued for; empty for any other token. */
    public Optional<String> idJagSubjectOf(String accessToken) {
        return idJags == null ? Optional.empty() : idJags.subjectOf(accessToken);
    }

    /**
     * The DPoP proofs the token endpoint and the resource servers protected by this AS accepted, in
     * arrival order (empty without {@link Builder#dpop}).
     */
    public List<DpopProof> dpopProofs() {
        return dpop == null ? List.of() : dpop.accepted();
    }

    /** How many {@code use_dpop_nonce} answers the token endpoint gave (RFC 9449 section 8). */
    public int tokenEndpointNonceChallenges() {
        return dpop == null ? 0 : dpop.asChallenges();
    }

    /** How many {@code use_dpop_nonce} answers the resource servers gave (RFC 9449 section 9). */
    public int resourceNonceChallenges() {
        return dpop == null ? 0 : dpop.rsChallenges();
    }

    /** New nonces at the token endpoint and the resource servers: the next proofs are challenged again. */
    public void rotateDpopNonces() {
        dpop.rotateNonces();
    }

    /** The DPoP checks, null when DPoP is off; for the resource servers this AS protects. */
    DpopChecker dpop() {
        return dpop;
    }

    /** Revokes every access token; refresh tokens keep working. */
    public void revokeAccessTokens() {
        tokens.revokeAccessTokens();
    }

    /** Revokes every access and refresh token. */
    public void revokeAll() {
        tokens.revokeAll();
    }

    /** Every revocation request (RFC 7009) so far, in arrival order; see {@link Builder#revocation}. */
    public List<RecordedTokenRequest> revocationRequests() {
        return recorder.revocations();
    }

    /** Holds every revocation request until the returned action runs (or 30 s pass). */
    public Runnable holdRevocations() {
        return revocationHold.start();
    }

    /** Revocation requests are answered 503 with a body no client may show. */
    public void failRevocations() {
        revocationsFail.set(true);
    }

    /** Every token request so far, in arrival order. */
    public List<RecordedTokenRequest> tokenRequests() {
        return recorder.tokenRequests();
    }

    /** How many token requests had this {@code grant_type} (e.g. {@code refresh_token}). */
    public int tokenRequestCount(String grantType) {
        return (int) recorder.tokenRequests().stream().filter(r -> r.grantType().equals(grantType)).count();
    }

    public Optional<RecordedTokenRequest> lastTokenRequest() {
        List<RecordedTokenRequest> all = recorder.tokenRequests();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The query parameters of every authorization request, valid or not, in arrival order. */
    public List<Map<String, String>> authorizationRequests() {
        return recorder.authorizations();
    }

    /** The JSON bodies of every registration request, in arrival order. */
    public List<Map<String, Object>> registrationRequests() {
        return recorder.registrations();
    }

    public int registrationCount() {
        return recorder.registrations().size();
    }

    /** Dynamically registered clients not deleted (RFC 7592) yet. */
    public int liveRegistrationCount() {
        return clients.registeredCount();
    }

    /** How RFC 7592 reads of registered clients are answered, and how many there were. */
    public RegistrationReads registrationReads() {
        return registrationReads;
    }

    /**
     * Deletes a dynamically registered client as an administrator would: its credentials and
     * registration access token stop working, and authorization requests naming it are refused.
     */
    public void deleteClient(String clientId) {
        clients.delete(clientId);
    }

    /** How many times the metadata document was requested. */
    public int metadataRequestCount() {
        return recorder.metadataRequests();
    }

    /** The Client ID Metadata Document URLs this server fetched. */
    public List<String> clientMetadataDocumentFetches() {
        return recorder.metadataDocumentFetches();
    }

    @Override
    public void close() {
        jetty.close();
    }

    /** Options of a {@link TestAuthorizationServer}; every one has a usable default. */
    public static final class Builder {

        private String issuerPath = "";
        private boolean dynamicRegistration = true;
        private List<String> authMethods = List.of(KnownClient.CLIENT_SECRET_BASIC,
                KnownClient.CLIENT_SECRET_POST, KnownClient.NONE);
        private boolean clientIdMetadataDocumentSupported;
        private List<String> scopesSupported = List.of();
        private Duration accessTokenLifetime = Duration.ofHours(1);
        private boolean issueRefreshTokens = true;
        private MetadataLocation metadataLocation = MetadataLocation.OAUTH_AUTHORIZATION_SERVER;
        private String advertisedIssuer;
        private Clock clock = Clock.systemUTC();
        private boolean revocation;
        private String idJagIssuer;
        private com.nimbusds.jose.jwk.ECKey idJagKey;
        private boolean dpop;
        private boolean dpopNonces;
        private boolean dpopRequired;

        private Builder() {
        }

        /** {@code ""} (default) or a path such as {@code /tenant1}. */
        public Builder issuerPath(String issuerPath) {
            if (!issuerPath.isEmpty() && (!issuerPath.startsWith("/") || issuerPath.endsWith("/"))) {
                throw new IllegalArgumentException("issuerPath must be empty or like /tenant1: " + issuerPath);
            }
            this.issuerPath = issuerPath;
            return this;
        }

        /** Whether {@code /register} is served and advertised (default true). */
        public Builder dynamicRegistration(boolean offered) {
            this.dynamicRegistration = offered;
            return this;
        }

        /** token_endpoint_auth_methods_supported (default basic, post, none); also what DCR accepts. */
        public Builder tokenEndpointAuthMethods(String... methods) {
            this.authMethods = List.of(methods);
            return this;
        }

        /** Advertise and accept Client ID Metadata Documents (URL client ids, fetched once). Default false. */
        public Builder clientIdMetadataDocumentSupported(boolean supported) {
            this.clientIdMetadataDocumentSupported = supported;
            return this;
        }

        /** scopes_supported in the metadata (default none). Requested scopes are granted as asked. */
        public Builder scopesSupported(String... scopes) {
            this.scopesSupported = List.of(scopes);
            return this;
        }

        /** Access token lifetime (default 1 hour); {@code expires_in} is rounded up to whole seconds. */
        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** Whether token responses carry a (rotating) refresh token (default true). */
        public Builder issueRefreshTokens(boolean issue) {
            this.issueRefreshTokens = issue;
            return this;
        }

        public Builder metadataLocation(MetadataLocation location) {
            this.metadataLocation = Objects.requireNonNull(location, "location");
            return this;
        }

        /** An {@code issuer} value for the metadata that differs from the real one (to test the check). */
        public Builder advertisedIssuer(String issuer) {
            this.advertisedIssuer = issuer;
            return this;
        }

        /** Serve and advertise an RFC 7009 revocation endpoint at {@code <issuer>/revoke} (default false). */
        public Builder revocation(boolean offered) {
            this.revocation = offered;
            return this;
        }

        /** Accept ID-JAGs of this identity provider in the JWT bearer grant (enterprise-managed authorization). */
        public Builder acceptIdJagsFrom(TestIdentityProvider idp) {
            this.idJagIssuer = idp.issuer();
            this.idJagKey = idp.publicKey();
            return this;
        }

        /**
         * Offer DPoP (RFC 9449): advertise {@code dpop_signing_alg_values_supported}, bind the tokens of a
         * request with a valid proof to its key, and make the resource servers it protects demand
         * proofs for those tokens. With {@code requireNonces} the token endpoint and each resource
         * server also demand their own nonce (sections 8 and 9). Default off.
         */
        public Builder dpop(boolean requireNonces) {
            this.dpop = true;
            this.dpopNonces = requireNonces;
            return this;
        }

        /** Like {@link #dpop}, and a token request without a proof is refused {@code invalid_dpop_proof}. */
        public Builder dpopRequired(boolean requireNonces) {
            this.dpopRequired = true;
            return dpop(requireNonces);
        }

        /** The clock for code and token expiry (default system UTC); see {@link TestClock}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts the server; bounded by {@link EmbeddedJetty#START_TIMEOUT}. */
        public TestAuthorizationServer start() {
            EmbeddedJetty jetty = EmbeddedJetty.bind();
            try {
                return start(jetty);
            } catch (RuntimeException e) {
                jetty.close();
                throw e;
            }
        }

        private TestAuthorizationServer start(EmbeddedJetty jetty) {
            AuthorizationServerEndpoints endpoints = AuthorizationServerEndpoints.of(jetty.baseUrl(), issuerPath);
            AuthorizationServerRecorder recorder = new AuthorizationServerRecorder();
            ClientRegistry clients = new ClientRegistry(
                    clientIdMetadataDocumentSupported ? new ClientMetadataDocumentFetcher(recorder) : null);
            TokenRegistry tokens = new TokenRegistry(clock, accessTokenLifetime, issueRefreshTokens);
            AtomicBoolean denyNext = new AtomicBoolean();
            AtomicReference<Failure> nextTokenFailure = new AtomicReference<>();
            ClientAuthenticator authenticator = new ClientAuthenticator(clients,
                    new PrivateKeyJwtVerifier(clock, endpoints.tokenEndpoint(), endpoints.issuer()));

            ServletContextHandler context = new ServletContextHandler("/");
            String metadataPath = metadataLocation.path(issuerPath);
            if (metadataPath != null) {
                context.addServlet(new JsonDocumentServlet(AuthorizationServerMetadata.document(endpoints,
                        advertisedIssuer != null ? advertisedIssuer : endpoints.issuer(), dynamicRegistration,
                        authMethods, clientIdMetadataDocumentSupported, scopesSupported, revocation, dpop),
                        recorder::metadataRequested),
                        metadataPath);
            }
            context.addServlet(new AuthorizeServlet(clients, tokens, recorder, denyNext, endpoints.issuer()),
                    issuerPath + "/authorize");
            IdJagGrants idJags = idJagIssuer == null ? null
                    : new IdJagGrants(idJagIssuer, idJagKey, endpoints.issuer(), clock);
            DpopChecker checker = dpop ? new DpopChecker(dpopNonces, dpopRequired) : null;
            NoUserGrants noUserGrants = new NoUserGrants(authenticator, tokens, clock, endpoints.issuer());
            context.addServlet(new TokenServlet(authenticator, tokens, recorder, nextTokenFailure, idJags, checker,
                    endpoints.tokenEndpoint(), noUserGrants), issuerPath + "/token");
            context.addServlet(new NotFoundServlet(), "/");
            TestAuthorizationServer server = new TestAuthorizationServer(jetty, endpoints,
                    metadataPath == null ? null : jetty.baseUrl() + metadataPath, clients, tokens, recorder,
                    denyNext, nextTokenFailure);
            server.idJags = idJags;
            server.dpop = checker;
            server.noUserGrants = noUserGrants;
            if (dynamicRegistration) {
                context.addServlet(new RegistrationServlet(clients, recorder, authMethods, clock,
                        server.registrationReads), issuerPath + "/register/*");
            }
            if (revocation) {
                context.addServlet(new RevocationServlet(authenticator, tokens, recorder, server.revocationHold,
                        server.revocationsFail), issuerPath + "/revoke");
            }
            jetty.start(context);
            return server;
        }
    }
}
