package io.github.mcpoauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import static java.util.Map.entry;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What each package may not use, as its package-info says: the core never touches the servlet
 * API, nothing below {@code web} reaches up into it, and the JPA module sees only the SPI. Reads
 * the sources of both modules (Surefire runs in this module's directory).
 */
class PackageRulesTest {

    private static final String OURS = "io.github.mcpoauth.";
    private static final List<String> SERVLET = List.of("jakarta.servlet.", "jakarta.websocket.");

    /** The LLM tool bridges sit on the client API, beside the web layer and the OAuth internals. */
    private static final List<String> BRIDGE = List.of(OURS + "web.", OURS + "store.", OURS + "internal.oauth.",
            OURS + "internal.ws.", OURS + "internal.http.", "jakarta.");

    private static final Map<String, List<String>> FORBIDDEN = Map.ofEntries(
            entry("io.github.mcpoauth", List.of(OURS, "jakarta.")),
            entry("io.github.mcpoauth.config", List.of(OURS + "client.", OURS + "store.", OURS + "web.", OURS + "internal.",
                    "jakarta.")),
            entry("io.github.mcpoauth.internal", List.of(OURS + "client.", OURS + "store.", OURS + "web.",
                    OURS + "config.", OURS + "internal.oauth.", OURS + "internal.ws.", OURS + "internal.http.",
                    "jakarta.")),
            entry("io.github.mcpoauth.store", List.of(OURS + "client.", OURS + "web.", OURS + "internal.oauth.",
                    OURS + "internal.ws.", OURS + "internal.http.", "jakarta.")),
            entry("io.github.mcpoauth.internal.oauth", List.of(OURS + "client.", OURS + "web.", OURS + "internal.ws.",
                    OURS + "internal.http.", "jakarta.")),
            entry("io.github.mcpoauth.internal.http", List.of(OURS + "client.", OURS + "config.", OURS + "store.",
                    OURS + "web.", OURS + "internal.ws.", OURS + "internal.telemetry.", OURS + "internal.tools.",
                    "jakarta.")),
            entry("io.github.mcpoauth.client", List.of(OURS + "web.", OURS + "internal.ws.", "jakarta.")),
            entry("io.github.mcpoauth.internal.ws", List.of(OURS + "web.", "jakarta.servlet.")),
            entry("io.github.mcpoauth.internal.telemetry", List.of(OURS + "client.", OURS + "store.", OURS + "web.",
                    OURS + "config.", OURS + "internal.oauth.", OURS + "internal.ws.", OURS + "internal.tools.",
                    OURS + "internal.http.", "jakarta.")),
            entry("io.github.mcpoauth.internal.tools", BRIDGE),
            entry("io.github.mcpoauth.langchain4j", BRIDGE),
            entry("io.github.mcpoauth.springai", BRIDGE),
            entry("io.github.mcpoauth.cdi", List.of(OURS + "store.", OURS + "internal.", OURS + "langchain4j.",
                    OURS + "springai.", "jakarta.websocket.")),
            entry("io.github.mcpoauth.jpa", List.of(OURS + "client.", OURS + "web.", OURS + "internal.",
                    "jakarta.servlet.", "jakarta.websocket.")));

    private static final Set<String> BRIDGES = Set.of("io.github.mcpoauth.internal.tools",
            "io.github.mcpoauth.langchain4j", "io.github.mcpoauth.springai");

    private static final Pattern REFERENCE = Pattern.compile("\\b((?:io\\.github\\.mcpoauth|jakarta)(?:\\.[a-z]\\w*)+)\\.[A-Z*]");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

    @Test
    void everyPackageHasAPackageInfoAndKeepsItsImportRules() throws IOException {
        List<String> broken = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        for (Path root : List.of(Path.of("src", "main", "java"), Path.of("..", "mcp-oauth-jpa", "src", "main", "java"))) {
            assertTrue(Files.isDirectory(root), root + " missing");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher p = PACKAGE.matcher(source);
                    assertTrue(p.find(), file + " has no package");
                    String pkg = p.group(1);
                    if (file.getFileName().toString().equals("package-info.java")) {
                        packages.add(pkg);
                        continue;
                    }
                    List<String> forbidden = FORBIDDEN.get(pkg);
                    if (forbidden == null) {
                        if (!pkg.equals("io.github.mcpoauth.web")) {
                            broken.add(pkg + ": a package without rules in PackageRulesTest");
                        }
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(source.substring(p.end()));
                    while (m.find()) {
                        String used = m.group(1) + ".";
                        if (!used.equals(pkg + ".") && forbidden.stream().anyMatch(used::startsWith)) {
                            broken.add(file.getFileName() + " (" + pkg + ") uses " + m.group(1));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), broken.stream().distinct().toList());
        List<String> expected = new ArrayList<>(FORBIDDEN.keySet());
        expected.add("io.github.mcpoauth.web");
        assertEquals(expected.stream().sorted().toList(), packages.stream().sorted().toList(),
                "one package-info.java per package");
    }

    /**
     * The LLM frameworks are optional dependencies: only the bridge packages may name them or the
     * bridges, so no listener, filter, initializer or service file ever loads a class that is missing
     * from an application without them.
     */
    @Test
    void onlyTheBridgePackagesTouchTheLlmFrameworks() throws IOException {
        List<String> named = mentions((pkg, file) -> BRIDGES.contains(pkg), List.of("dev.langchain4j",
                "org.springframework", OURS + "langchain4j", OURS + "springai", OURS + "internal.tools"));
        assertEquals(List.of(), named);
    }

    /**
     * CDI, MicroProfile Config and Jakarta Security are optional too: only {@code io.github.mcpoauth.cdi}
     * (reached from nothing but its service file, which only a CDI container reads) names CDI or that
     * package, only {@code config.MicroProfileSource} names MicroProfile Config, and only
     * {@code web.OpenIdContextTokens} (loaded once {@code OpenIdContext} is found) names Jakarta Security
     * and the CDI look-up it needs, so Tomcat or Jetty without them never loads a class that needs them.
     */
    @Test
    void onlyTheIntegrationClassesTouchCdiMicroProfileConfigAndJakartaSecurity() throws IOException {
        List<String> named = new ArrayList<>(mentions((pkg, file) -> pkg.equals(OURS + "cdi")
                || file.equals("jakarta.enterprise.inject.spi.Extension") || file.equals("OpenIdContextTokens.java"),
                List.of("jakarta.enterprise", "jakarta.inject", OURS + "cdi")));
        named.addAll(mentions((pkg, file) -> file.equals("MicroProfileSource.java"), List.of("org.eclipse.microprofile")));
        named.addAll(mentions((pkg, file) -> file.equals("OpenIdContextTokens.java") || file.equals("IdTokenCapture.java"),
                List.of("jakarta.security")));
        assertEquals(List.of(), named);
        assertTrue(Files.notExists(Path.of("src", "main", "resources", "META-INF", "beans.xml")),
                "a beans.xml would make the whole jar a bean archive");
    }

    /**
     * OpenTelemetry is optional as well: only {@code internal.telemetry.OtelTracing} names its API, and
     * {@code Telemetry} (which looks the API up by name) touches that class only once it found the API, so an application without it
     * never loads an OpenTelemetry class (TelemetryAbsentTest proves that with a class loader lacking it).
     */
    @Test
    void onlyOtelTracingTouchesOpenTelemetry() throws IOException {
        assertEquals(List.of(), mentions((pkg, file) -> file.equals("OtelTracing.java")
                || file.equals("Telemetry.java"), List.of("io.opentelemetry")));
    }

    /** "file names x" for every main source or resource of both modules, outside {@code exempt}, that names one of {@code names}. */
    private static List<String> mentions(BiPredicate<String, String> exempt, List<String> names) throws IOException {
        List<String> named = new ArrayList<>();
        for (Path root : List.of(Path.of("src", "main"), Path.of("..", "mcp-oauth-jpa", "src", "main"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String source = Files.readString(file);
                    Matcher p = PACKAGE.matcher(source);
                    if (exempt.test(p.find() ? p.group(1) : "", file.getFileName().toString())) {
                        continue;
                    }
                    for (String name : names) {
                        if (source.contains(name)) {
                            named.add(file.getFileName() + " names " + name);
                        }
                    }
                }
            }
        }
        return named;
    }
}
