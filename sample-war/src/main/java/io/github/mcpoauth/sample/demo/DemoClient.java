package io.github.mcpoauth.sample.demo;

import java.net.URI;
import java.util.List;

/** A client registered through the demo's Dynamic Client Registration endpoint (RFC 7591). */
record DemoClient(String name, List<URI> redirectUris) {

    DemoClient {
        redirectUris = List.copyOf(redirectUris);
    }
}
