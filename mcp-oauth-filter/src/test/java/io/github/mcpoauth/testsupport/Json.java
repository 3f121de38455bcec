package io.github.mcpoauth.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON reading and writing for the fixtures, with Jackson 3 (the project's one JSON library). */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };

    private Json() {
    }

    /** Parses a JSON object; anything else is an {@link IllegalArgumentException}. */
    static Map<String, Object> parseObject(String json) {
        try {
            Map<String, Object> value = MAPPER.readValue(json, OBJECT);
            if (value == null) {
                throw new IllegalArgumentException("not a JSON object: " + json);
            }
            return value;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> parseObject(InputStream in) throws IOException {
        return parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** A list of strings from a parsed JSON value, or an {@link IllegalArgumentException}. */
    static List<String> stringList(Object value, String name) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(name + " must be an array of strings");
        }
        for (Object item : list) {
            if (!(item instanceof String)) {
                throw new IllegalArgumentException(name + " must be an array of strings");
            }
        }
        return list.stream().map(String.class::cast).toList();
    }

    static void send(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = write(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
