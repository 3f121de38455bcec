package io.github.mcpoauth.web.app;

import io.github.mcpoauth.web.CallbackOutcome;
import io.github.mcpoauth.web.OAuthCallbackHandler;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The app's answer to the OAuth callback: a small page telling the outcome, the error as text only. */
public final class AppCallbackPage implements OAuthCallbackHandler {

    @Override
    public void handle(CallbackOutcome outcome, HttpServletResponse response) throws IOException {
        String text = outcome.success() ? "ok " + outcome.serverId() + " " + outcome.state()
                : "error: " + outcome.error();
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!doctype html><title>authorization</title><p id=\"outcome\">" + escape(text)
                + "</p>\n");
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
