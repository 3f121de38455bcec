package io.github.mcpoauth.client;

/** Identifies one owner's server. */
record ServerKey(String owner, String serverId) {
}
