package io.github.mcpoauth.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a method and a path below {@code mcp.oauth.path} to an {@link Endpoint}: the table in the
 * README's "HTTP and WebSocket API".
 */
final class Router {

    /** A matched route and the path's variable segments. */
    record Match(Endpoint endpoint, List<String> params) {
    }

    private Router() {
    }

    /** Paths served by someone else: the callback servlet and the WebSocket endpoint. */
    static boolean isPassThrough(String subPath) {
        return subPath.equals("/callback") || subPath.equals("/ws");
    }

    static Match match(String method, String subPath) {
        List<String> s = segments(subPath);
        int n = s.size();
        String first = n == 0 ? "" : s.get(0);
        if (first.equals("servers")) {
            if (n == 1) {
                return on(method, s, "POST", ServerRoutes::add, "GET", ServerRoutes::list);
            }
            if (n == 2) {
                return on(method, s, "GET", ServerRoutes::get, "DELETE", ServerRoutes::delete);
            }
            if (n == 3 && s.get(2).equals("reconnect")) {
                return on(method, s, "POST", ServerRoutes::reconnect, null, null);
            }
            if (n == 3 && s.get(2).equals("close")) {
                return on(method, s, "POST", ServerRoutes::close, null, null);
            }
            if (n == 4 && s.get(2).equals("tools")) {
                return on(method, s, "POST", ServerRoutes::callTool, null, null);
            }
        } else if (first.equals("elicitations")) {
            if (n == 1) {
                return on(method, s, "GET", ElicitationRoutes::list, null, null);
            }
            if (n == 2) {
                return on(method, s, "POST", ElicitationRoutes::answer, null, null);
            }
        } else if (n == 1) {
            switch (first) {
                case "connect":
                    return on(method, s, "POST", SeedRoutes::connect, null, null);
                case "status":
                    return on(method, s, "GET", SeedRoutes::status, null, null);
                case "disconnect":
                    return on(method, s, "POST", SeedRoutes::disconnect, null, null);
                default:
                    break;
            }
        }
        throw new ApiError(404, "not_found", "No such API path");
    }

    private static Match on(String method, List<String> segments, String m1, Endpoint e1, String m2, Endpoint e2) {
        List<String> params = new ArrayList<>();
        for (int i = 1; i < segments.size(); i += 2) {
            params.add(segments.get(i));
        }
        if (method.equals(m1)) {
            return new Match(e1, params);
        }
        if (method.equals(m2)) {
            return new Match(e2, params);
        }
        throw new ApiError(405, "method_not_allowed", method + " is not allowed here");
    }

    private static List<String> segments(String subPath) {
        List<String> out = new ArrayList<>();
        for (String raw : subPath.split("/")) {
            if (!raw.isEmpty()) {
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
