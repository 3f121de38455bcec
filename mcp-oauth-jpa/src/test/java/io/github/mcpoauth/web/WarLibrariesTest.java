package io.github.mcpoauth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jars a WAR gets by depending on mcp-oauth-jpa (and so on mcp-oauth-filter) carry no class
 * that refers to {@code @WebServlet}: WildFly instantiates every such class it finds in
 * {@code WEB-INF/lib} and fails the deployment when it cannot (the MCP SDK's servlet transports have
 * no public constructor). The SDK's client comes inside mcp-oauth-filter's own jar instead of as an
 * mcp-core jar.
 */
class WarLibrariesTest {

    private static final byte[] WEB_SERVLET = "Ljakarta/servlet/annotation/WebServlet;".getBytes(StandardCharsets.UTF_8);

    @Test
    void noJarAWarTakesFromTheModulesRefersToWebServletAndTheSdkClientIsEmbedded() throws IOException {
        List<Path> jars = Arrays.stream(Files.readString(Paths.get("target", "war.classpath")).trim().split(java.io.File.pathSeparator))
                .map(Paths::get).toList();
        Path filter = jars.stream().filter(p -> p.toString().contains("mcp-oauth-filter")).findFirst().orElseThrow();
        assumeTrue(Files.isRegularFile(filter), "mcp-oauth-filter was not packaged in this build (run mvn verify): " + filter);

        assertTrue(jars.stream().map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("mcp-core") || n.equals("mcp-2.1.0.jar")),
                "no mcp-core jar in the WAR: " + jars);
        List<String> offenders = new ArrayList<>();
        for (Path jar : jars) {
            if (Files.isRegularFile(jar) && jar.toString().endsWith(".jar")) {
                offenders.addAll(classesReferringToWebServlet(jar));
            }
        }
        assertEquals(List.of(), offenders, "classes a container would take for servlets");

        try (JarFile jar = new JarFile(filter.toFile())) {
            assertNotNull(jar.getEntry("io/modelcontextprotocol/client/McpSyncClient.class"), "the SDK client is embedded");
            assertNotNull(jar.getEntry("io/modelcontextprotocol/client/transport/HttpClientStreamableHttpTransport.class"),
                    "the SDK's HTTP client transport is embedded");
            assertNotNull(jar.getEntry("META-INF/web-fragment.xml"), "the module's own resources stay");
            assertTrue(jar.stream().map(JarEntry::getName).noneMatch(n -> n.startsWith("io/modelcontextprotocol/server/transport/HttpServlet")),
                    "the SDK's servlet server transports are left out");
        }
    }

    private static List<String> classesReferringToWebServlet(Path path) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        if (contains(in.readAllBytes(), WEB_SERVLET)) {
                            found.add(path.getFileName() + "!" + entry.getName());
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
