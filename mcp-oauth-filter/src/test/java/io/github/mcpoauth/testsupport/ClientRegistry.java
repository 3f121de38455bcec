package io.github.mcpoauth.testsupport;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients a {@link TestAuthorizationServer} knows. A client_id that is an http(s) URL is, when
 * Client ID Metadata Documents are enabled, resolved by fetching that document once.
 */
final class ClientRegistry {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, KnownClient> clients = new ConcurrentHashMap<>();
    /** RFC 7592 registration access tokens of the dynamically registered clients still known. */
    private final Map<String, String> registrationTokens = new ConcurrentHashMap<>();
    private final ClientMetadataDocumentFetcher documents;

    /** @param documents the fetcher for URL client ids, {@code null} when the feature is off */
    ClientRegistry(ClientMetadataDocumentFetcher documents) {
        this.documents = documents;
    }

    /** Registers a new client (RFC 7591) with generated credentials. */
    KnownClient register(String tokenEndpointAuthMethod, List<String> redirectUris, Map<String, Object> metadata) {
        String secret = KnownClient.usesSecret(tokenEndpointAuthMethod) ? randomValue(32) : null;
        KnownClient client = new KnownClient("client-" + randomValue(12), secret, tokenEndpointAuthMethod,
                redirectUris, metadata);
        clients.put(client.clientId(), client);
        registrationTokens.put(client.clientId(), randomValue(24));
        return client;
    }

    /** The registration access token of a dynamically registered client, or null. */
    String registrationToken(String clientId) {
        return registrationTokens.get(clientId);
    }

    /** A client known without fetching anything (registered or added), or null. */
    KnownClient known(String clientId) {
        return clients.get(clientId);
    }

    /** RFC 7592 section 3: a new registration access token replaces the old one, which stops working. */
    void rotateRegistrationToken(String clientId) {
        registrationTokens.computeIfPresent(clientId, (id, old) -> randomValue(24));
    }

    /** RFC 7592 section 2.3: forgets the client; its credentials no longer work. */
    void delete(String clientId) {
        registrationTokens.remove(clientId);
        clients.remove(clientId);
    }

    /** How many dynamically registered clients are still known. */
    int registeredCount() {
        return registrationTokens.size();
    }

    void add(KnownClient client) {
        clients.put(client.clientId(), client);
    }

    /** The client for {@code clientId}, fetching its metadata document if that applies. */
    Optional<KnownClient> resolve(String clientId) throws OAuthErrorException {
        if (clientId == null) {
            return Optional.empty();
        }
        KnownClient known = clients.get(clientId);
        if (known != null) {
            return Optional.of(known);
        }
        if (documents != null && ClientMetadataDocumentFetcher.isDocumentUrl(clientId)) {
            KnownClient fetched = documents.fetch(clientId);
            KnownClient winner = clients.putIfAbsent(clientId, fetched);
            return Optional.of(winner == null ? fetched : winner);
        }
        return Optional.empty();
    }

    private String randomValue(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
