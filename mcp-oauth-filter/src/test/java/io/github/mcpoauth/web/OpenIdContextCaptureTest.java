package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mcpoauth.config.McpOAuthConfig;
import io.github.mcpoauth.testsupport.TestIdentityProvider;
import jakarta.enterprise.context.Dependent;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.identitystore.openid.AccessToken;
import jakarta.security.enterprise.identitystore.openid.IdentityToken;
import jakarta.security.enterprise.identitystore.openid.JwtClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdClaims;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.security.enterprise.identitystore.openid.RefreshToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The default ID token source, {@code openid-context}: the token of Jakarta Security's
 * {@link OpenIdContext} bean, looked up through CDI (Weld SE here, with a bean standing in for the
 * OpenID Connect mechanism's), kept for the owner whose request it was.
 */
class OpenIdContextCaptureTest {

    static volatile String signedInToken;

    private static IdTokenCapture capture() {
        McpOAuthConfig config = McpOAuthConfig.fromMap(Map.of("mcp.oauth.enterprise-idp-issuer", "https://idp.example",
                "mcp.oauth.enterprise-idp-client-id", "app", "mcp.oauth.enterprise-issuers", "https://as.example"));
        return IdTokenCapture.create(config, OpenIdContextCaptureTest.class.getClassLoader(), Clock.systemUTC());
    }

    @Test
    void theSignedInUsersIdTokenIsKeptForThatOwnerOnly() {
        try (TestIdentityProvider idp = TestIdentityProvider.start("app", Clock.systemUTC());
                WeldContainer cdi = new Weld("openid-context-test").disableDiscovery()
                        .property("org.jboss.weld.executor.threadPoolType", "NONE")
                        .addBeanClasses(SignedIn.class).initialize()) {
            signedInToken = idp.idToken("alice");
            IdTokenCapture capture = capture();

            capture.capture("alice", (HttpServletRequest) null);

            assertEquals(Optional.of(signedInToken), capture.idToken("alice"));
            assertEquals(Optional.empty(), capture.idToken("bob"));
        }
    }

    @Test
    void withoutACdiContainerNothingIsCapturedAndNothingFails() {
        IdTokenCapture capture = capture();

        capture.capture("alice", (HttpServletRequest) null);

        assertEquals(Optional.empty(), capture.idToken("alice"));
    }

    /** What Jakarta Security's OpenID Connect mechanism provides for a signed-in user. */
    @Dependent
    public static class SignedIn implements OpenIdContext {
        private static final long serialVersionUID = 1L;

        @Override
        public IdentityToken getIdentityToken() {
            return new IdentityToken() {
                @Override
                public String getToken() {
                    return signedInToken;
                }

                @Override
                public JwtClaims getJwtClaims() {
                    return null;
                }

                @Override
                public boolean isExpired() {
                    return false;
                }

                @Override
                public Map<String, Object> getClaims() {
                    return Map.of();
                }
            };
        }

        @Override
        public String getSubject() {
            return "alice";
        }

        @Override
        public String getTokenType() {
            return "Bearer";
        }

        @Override
        public AccessToken getAccessToken() {
            return null;
        }

        @Override
        public Optional<RefreshToken> getRefreshToken() {
            return Optional.empty();
        }

        @Override
        public Optional<Long> getExpiresIn() {
            return Optional.empty();
        }

        @Override
        public JsonObject getClaimsJson() {
            return null;
        }

        @Override
        public OpenIdClaims getClaims() {
            return null;
        }

        @Override
        public JsonObject getProviderMetadata() {
            return null;
        }

        @Override
        public <T> Optional<T> getStoredValue(HttpServletRequest request, HttpServletResponse response, String key) {
            return Optional.empty();
        }
    }
}
