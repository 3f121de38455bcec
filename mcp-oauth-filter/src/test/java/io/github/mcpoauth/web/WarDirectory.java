package io.github.mcpoauth.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A plain exploded WAR with no code of its own: the module's jar (built from target/classes,
 * fragment and script included) and its runtime dependencies in WEB-INF/lib, a minimal web.xml and
 * one static page. Container, Servlet/WebSocket API and test jars are left out, as in a real WAR.
 */
final class WarDirectory {

    private static final List<String> PROVIDED = List.of("jakarta.servlet-api", "jakarta.websocket", "jetty-",
            "tomcat-", "junit", "opentest4j", "apiguardian", "slf4j-simple", "jakarta.annotation-api", "asm");

    private WarDirectory() {
    }

    static final String PLAIN_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <display-name>plain</display-name>
            </web-app>
            """;

    static Path build(String name) {
        return build(name, "mcp-oauth-filter.jar", Paths.get("target", "conformance.classpath"));
    }

    /**
     * The module's WAR with this web.xml, and with slf4j-simple in WEB-INF/lib, as an application
     * that brings its own logging binding: the module's log lines then reach System.err.
     */
    static Path build(String name, String webXml) {
        Path war = build(name);
        try {
            Files.writeString(war.resolve("WEB-INF/web.xml"), webXml);
            Path binding = Paths.get(org.slf4j.simple.SimpleLogger.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(binding, war.resolve("WEB-INF/lib").resolve(binding.getFileName()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The WAR of the module under test: its {@code target/classes} as {@code jarName}, and what
     * {@code classpathFile} (a Maven build-classpath output) lists but the provided jars; a class
     * directory there (a sibling module in a reactor build without packaging) goes in as a jar.
     */
    static Path build(String name, String jarName, Path classpathFile) {
        try {
            Path war = Paths.get("target", "test-wars", name).toAbsolutePath();
            Path lib = war.resolve("WEB-INF/lib");
            Files.createDirectories(lib);
            jar(Paths.get("target", "classes"), lib.resolve(jarName));
            for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
                Path dep = Paths.get(entry);
                String file = dep.getFileName().toString();
                if (Files.isDirectory(dep)) {
                    jar(dep, lib.resolve(dep.toAbsolutePath().getParent().getParent().getFileName() + ".jar"));
                } else if (file.endsWith(".jar") && PROVIDED.stream().noneMatch(file::startsWith)) {
                    Files.copy(dep, lib.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(war.resolve("WEB-INF/web.xml"), PLAIN_WEB_XML);
            Files.writeString(war.resolve("index.html"), "<!doctype html><title>plain</title><p>plain app</p>\n");
            return war;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void jar(Path classes, Path target) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        }
    }
}
