package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Serves one fixed JSON document on GET (metadata documents), counting the requests. */
final class JsonDocumentServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, Object> document;
    private final transient Runnable onRequest;

    JsonDocumentServlet(Map<String, Object> document, Runnable onRequest) {
        this.document = Map.copyOf(document);
        this.onRequest = onRequest;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        onRequest.run();
        Json.send(response, 200, document);
    }
}
