package io.github.mcpoauth.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What the test authorization server has been asked, in arrival order; safe to read from any thread. */
final class AuthorizationServerRecorder {

    private final AtomicInteger metadataRequests = new AtomicInteger();
    private final List<Map<String, Object>> registrations = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
    private final List<RecordedTokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> metadataDocumentFetches = new CopyOnWriteArrayList<>();
    private final List<RecordedTokenRequest> revocations = new CopyOnWriteArrayList<>();

    void revocation(RecordedTokenRequest request) {
        revocations.add(request);
    }

    List<RecordedTokenRequest> revocations() {
        return List.copyOf(revocations);
    }

    void metadataRequested() {
        metadataRequests.incrementAndGet();
    }

    void registration(Map<String, Object> request) {
        registrations.add(request);
    }

    void authorization(Map<String, String> params) {
        authorizations.add(Map.copyOf(params));
    }

    void tokenRequest(RecordedTokenRequest request) {
        tokenRequests.add(request);
    }

    void metadataDocumentFetched(String clientId) {
        metadataDocumentFetches.add(clientId);
    }

    int metadataRequests() {
        return metadataRequests.get();
    }

    List<Map<String, Object>> registrations() {
        return List.copyOf(registrations);
    }

    List<Map<String, String>> authorizations() {
        return List.copyOf(authorizations);
    }

    List<RecordedTokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    List<String> metadataDocumentFetches() {
        return List.copyOf(metadataDocumentFetches);
    }
}
