package io.github.mcpoauth.internal.oauth;

/** A client identity as the authorization server knows it; {@code clientSecret} may be null. */
record ClientIdentity(String clientId, String clientSecret, String authMethod) {

    @Override
    public String toString() {
        return "ClientIdentity[clientId=" + clientId + ", authMethod=" + authMethod + "]";
    }
}
