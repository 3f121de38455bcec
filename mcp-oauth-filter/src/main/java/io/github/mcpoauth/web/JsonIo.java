package io.github.mcpoauth.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads size-limited JSON request bodies and writes JSON answers. {@code <}, {@code >}, {@code &}
 * and {@code '} are written as six-character JSON escapes (backslash, u, four hex digits), so no JSON we send can close a script
 * element or start markup even if someone inlines it into HTML.
 */
final class JsonIo {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
            .characterEscapes(new HtmlSafeEscapes()).build()).build();

    String write(Object value) {
        return mapper.writeValueAsString(value);
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    @SuppressWarnings("unchecked")
    Map<String, Object> readObject(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "invalid_request", "The body must be a JSON object");
            }
            return mapper.convertValue(node, Map.class);
        } catch (JacksonException e) {
            throw new ApiError(400, "invalid_request", "The body is not valid JSON");
        }
    }

    void send(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (body == null) {
            return;
        }
        byte[] bytes = mapper.writeValueAsBytes(body);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    void sendError(HttpServletResponse response, ApiError error) throws IOException {
        sendError(response, error, false);
    }

    /**
     * @param bodyLeftUnread the request's body was not (fully) read: the answer asks the client to
     *        close the connection, which the container may drop anyway rather than skip the body
     */
    void sendError(HttpServletResponse response, ApiError error, boolean bodyLeftUnread) throws IOException {
        if (!response.isCommitted()) {
            response.reset();
            if (bodyLeftUnread) {
                response.setHeader("Connection", "close");
            }
            send(response, error.status(), error.body());
        }
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "payload_too_large", "The body exceeds " + MAX_BODY_BYTES + " bytes");
    }

    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] codes = standardAsciiEscapesForJSON();

        HtmlSafeEscapes() {
            for (char c : new char[] {'<', '>', '&', '\''}) {
                codes[c] = ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return codes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
