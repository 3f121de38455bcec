package io.github.mcpoauth.client;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The owner's answer to a {@link PendingElicitation} (MCP 2025-11-25 "Elicitation", response
 * actions): accept with the form's content (URL mode: with none, meaning the user agreed to open
 * the URL), decline (the user said no), or cancel (the user dismissed it without choosing).
 */
public record ElicitationAnswer(Action action, Map<String, Object> content) {

    /** The three answers the spec allows. */
    public enum Action {
        ACCEPT, DECLINE, CANCEL;

        /** {@code accept}, {@code decline} or {@code cancel}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action named {@code name} (as on the wire, any case); {@link IllegalArgumentException} otherwise. */
        public static Action fromWireName(String name) {
            for (Action a : values()) {
                if (a.wireName().equalsIgnoreCase(String.valueOf(name))) {
                    return a;
                }
            }
            throw new IllegalArgumentException("action must be accept, decline or cancel");
        }
    }

    public ElicitationAnswer {
        Objects.requireNonNull(action, "action");
        content = content == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(content));
    }

    public static ElicitationAnswer accept(Map<String, Object> content) {
        return new ElicitationAnswer(Action.ACCEPT, content);
    }

    public static ElicitationAnswer decline() {
        return new ElicitationAnswer(Action.DECLINE, null);
    }

    public static ElicitationAnswer cancel() {
        return new ElicitationAnswer(Action.CANCEL, null);
    }
}
