package io.github.mcpoauth.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A real Keycloak ({@code keycloak-quarkus-dist}, unpacked by the build) in {@code start-dev} mode on a
 * free loopback port, with the realm {@code mcp} imported from {@code keycloak/mcp-realm.json}, and the
 * same realm once more as {@code mcp-next} (a second issuer, for a resource that changes its
 * authorization server). The
 * distribution is unpacked under {@code target/}, so its H2 dev database and import directory
 * ({@code <home>/data}) are too; every start deletes them first, so each run imports the realm afresh.
 * The log goes to {@code <workDir>/keycloak.log}. {@link #close} ends the whole process tree ({@code kc.sh} and its JVM).
 *
 * <p>The realm file reads three environment variables at import: {@code MCP_RESOURCE} (the MCP
 * server's URL: its audience and its {@code resource_url}), {@code MCP_TEST_USER_PASSWORD} and, for
 * the admin REST API, Keycloak's own bootstrap admin variables.
 */
final class KeycloakServer implements AutoCloseable {

    static final String REALM = "mcp";
    /** A second realm from the same file: another authorization server (another issuer) in the same Keycloak. */
    static final String OTHER_REALM = "mcp-next";
    static final String USER = "alice";
    static final Duration START_TIMEOUT =
            Duration.ofSeconds(Long.getLong("keycloak.start-timeout-seconds", 240));
    private static final String REALM_RESOURCE = "/keycloak/mcp-realm.json";

    private final ChildProcess process;
    private final String origin;
    private final String userPassword;
    private final String adminPassword;
    private final Duration startTime;

    private KeycloakServer(ChildProcess process, String origin, String userPassword, String adminPassword,
            Duration startTime) {
        this.process = process;
        this.origin = origin;
        this.userPassword = userPassword;
        this.adminPassword = adminPassword;
        this.startTime = startTime;
    }

    /**
     * Starts Keycloak from {@code home} (the unpacked distribution) with {@code java} and waits, at most
     * {@link #START_TIMEOUT}, until the realm's OpenID discovery document answers.
     */
    static KeycloakServer start(Path home, Path javaHome, String mcpResource, Path workDir) throws IOException {
        int port = ChildProcess.freePort();
        int managementPort = ChildProcess.freePort();
        String origin = "http://127.0.0.1:" + port;
        String userPassword = randomSecret();
        String adminPassword = randomSecret();
        // kc.sh keeps its H2 dev database and reads --import-realm files under <home>/data, which is under target/
        Path imports = Files.createDirectories(TestFiles.freshDir(home.resolve("data")).resolve("import"));
        String realm;
        try (InputStream in = KeycloakServer.class.getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + REALM_RESOURCE + " on the test classpath");
            }
            realm = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(imports.resolve(REALM + ".json"), realm);
        Files.writeString(imports.resolve(OTHER_REALM + ".json"),
                realm.replace("\"realm\": \"" + REALM + "\"", "\"realm\": \"" + OTHER_REALM + "\""));
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin").resolve("kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--import-realm", "--features=resource-indicators");
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        // kc.sh's defaults minus G1 and C2: a test run is short and shares few cores, so start-up time is what counts
        env.put("JAVA_OPTS", "-Xms64m -Xmx512m -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -XX:+UseSerialGC"
                + " -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8"
                + " -Djava.security.egd=file:/dev/urandom");
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakAdmin.ADMIN);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("MCP_RESOURCE", mcpResource);
        env.put("MCP_TEST_USER_PASSWORD", userPassword);
        long started = System.nanoTime();
        ChildProcess process = ChildProcess.start("keycloak", builder.directory(workDir.toFile()),
                workDir.resolve("keycloak.log"));
        try {
            awaitDiscovery(process, origin);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
        return new KeycloakServer(process, origin, userPassword, adminPassword,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static void awaitDiscovery(ChildProcess process, String origin) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI discovery = URI.create(origin + "/realms/" + REALM + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("Keycloak exited (" + process.exitCode() + ")\n" + process.logTail(60));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for Keycloak", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for Keycloak", e);
            }
        }
        throw new AssertionError("Keycloak did not serve " + discovery + " within " + START_TIMEOUT + "\n"
                + process.logTail(60));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The realm's issuer: {@code http://127.0.0.1:<port>/realms/<realm>}. */
    String issuer(String realm) {
        return origin + "/realms/" + realm;
    }

    String issuer() {
        return issuer(REALM);
    }

    String authorizationEndpoint(String realm) {
        return issuer(realm) + "/protocol/openid-connect/auth";
    }

    String authorizationEndpoint() {
        return authorizationEndpoint(REALM);
    }

    String userPassword() {
        return userPassword;
    }

    KeycloakAdmin admin(String realm) {
        return new KeycloakAdmin(origin, realm, adminPassword);
    }

    KeycloakAdmin admin() {
        return admin(REALM);
    }

    /** From launching {@code kc.sh} to the discovery document answering. */
    Duration startTime() {
        return startTime;
    }

    @Override
    public void close() {
        process.close();
    }
}
