package io.github.mcpoauth.client;

/** Told whenever one of an owner's servers changes state, tools, prompts or resources. */
@FunctionalInterface
public interface ServerStateListener {

    void serverStateChanged(String owner, String serverId);
}
