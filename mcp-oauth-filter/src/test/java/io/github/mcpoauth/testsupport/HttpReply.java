package io.github.mcpoauth.testsupport;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * A plain HTTP answer as the fixtures' helpers saw it.
 *
 * @param status the status code
 * @param body the body as text
 * @param response the underlying response, for headers
 */
public record HttpReply(int status, String body, HttpResponse<String> response) {

    static HttpReply of(HttpResponse<String> response) {
        return new HttpReply(response.statusCode(), response.body(), response);
    }

    public Optional<String> header(String name) {
        return response.headers().firstValue(name);
    }

    /** The body parsed as a JSON object. */
    public Map<String, Object> json() {
        return Json.parseObject(body);
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + " " + body + "]";
    }
}
