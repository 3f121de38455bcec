package io.github.mcpoauth.store;

import java.util.Objects;

/** The in-memory stores' map key: an id is only unique within its owner. */
record OwnedKey(String owner, String id) {

    OwnedKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
    }
}
