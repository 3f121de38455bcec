package io.github.mcpoauth.client;

import java.util.List;
import java.util.Map;

/** What a server offers, as JSON objects tagged with their server id. */
record Offerings(
        List<Map<String, Object>> tools,
        List<Map<String, Object>> prompts,
        List<Map<String, Object>> resources,
        List<Map<String, Object>> resourceTemplates) {

    Offerings {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
    }

    Offerings withTools(List<Map<String, Object>> value) {
        return new Offerings(value, prompts, resources, resourceTemplates);
    }

    Offerings withPrompts(List<Map<String, Object>> value) {
        return new Offerings(tools, value, resources, resourceTemplates);
    }

    Offerings withResources(List<Map<String, Object>> value) {
        return new Offerings(tools, prompts, value, resourceTemplates);
    }
}
