package io.github.mcpoauth.sample.cdiapp;

import io.github.mcpoauth.web.McpOAuth;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code GET /cdi-probe}: the injected manager's servers, whether its owner is the one the module
 * resolves for this request, and the servers whose events were observed for that owner, as JSON.
 */
@WebServlet("/cdi-probe")
public class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    OwnerServers servers;

    @Inject
    ObservedChanges changes;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String owner = servers.owner();
        boolean sameOwner = owner.equals(McpOAuth.forRequest(request).owner());
        response.setContentType("application/json");
        response.getWriter().write("{\"sameOwnerAsTheRequest\":" + sameOwner + ",\"servers\":" + array(servers.serverIds())
                + ",\"observed\":" + array(changes.of(owner)) + "}");
    }

    /** Server ids are the module's own (letters, digits, '-'), so quoting is all they need. */
    private static String array(List<String> ids) {
        return ids.stream().sorted().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
