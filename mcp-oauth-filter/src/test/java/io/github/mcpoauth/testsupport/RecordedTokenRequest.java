package io.github.mcpoauth.testsupport;

import java.util.Map;
import java.util.Optional;

/**
 * One request the token endpoint received, recorded before it was answered.
 *
 * @param form the form parameters (first value of each)
 * @param authorizationHeader the {@code Authorization} header, {@code null} if absent
 */
public record RecordedTokenRequest(Map<String, String> form, String authorizationHeader) {

    public RecordedTokenRequest {
        form = Map.copyOf(form);
    }

    /** The {@code grant_type}, or {@code ""} if the request had none. */
    public String grantType() {
        return form.getOrDefault("grant_type", "");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(form.get(name));
    }
}
