package io.github.mcpoauth.sample.cdiapp;

import io.github.mcpoauth.client.McpClientManager;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.List;

/** The current request's owner's servers, through the injected manager (one per request). */
@RequestScoped
public class OwnerServers {

    @Inject
    McpClientManager manager;

    public String owner() {
        return manager.owner();
    }

    public List<String> serverIds() {
        return List.copyOf(manager.getMcpServers().servers().keySet());
    }
}
