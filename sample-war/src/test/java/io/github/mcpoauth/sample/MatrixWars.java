package io.github.mcpoauth.sample;

import io.github.mcpoauth.sample.cdiapp.ProbeServlet;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * WAR files the module's authors did not shape for it: only the module's jars (as a Maven build of
 * an app that depends on the module would put them in {@code WEB-INF/lib}) and one static page,
 * with no {@code web.xml}, or with a {@code metadata-complete} one like Tomcat's own examples app.
 * The jar lists are Maven's runtime classpaths of the two modules (their {@code target/war.classpath}).
 */
final class MatrixWars {

    private MatrixWars() {
    }

    /** mcp-oauth-filter and its runtime dependencies; no web.xml. */
    static Path plain(Path dir) throws IOException {
        return write(dir.resolve("plain.war"), "plain", moduleJars("filter"), null);
    }

    /** mcp-oauth-jpa (with mcp-oauth-filter) and their runtime dependencies; no web.xml. */
    static Path plainJpa(Path dir) throws IOException {
        return write(dir.resolve("plain-jpa.war"), "plain-jpa", moduleJars("jpa"), null);
    }

    /** The plain WAR's jars under a {@code metadata-complete="true"} web.xml: no fragment or annotation is read. */
    static Path metadataComplete(Path dir) throws IOException {
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="true">
                  <display-name>metadata-complete</display-name>
                </web-app>
                """;
        return write(dir.resolve("complete.war"), "complete", moduleJars("filter"), webXml);
    }

    /**
     * The plain WAR's jars with a small CDI application in {@code WEB-INF/classes} (package
     * {@code cdiapp}: a request-scoped bean injected with {@code McpClientManager}, an observer of
     * {@code McpServerStateChanged}, a servlet reporting both) and a {@code beans.xml}; no web.xml.
     */
    static Path cdi(Path dir) throws IOException {
        Map<String, byte[]> classes = new TreeMap<>();
        String pkg = ProbeServlet.class.getPackageName().replace('.', '/');
        Path compiled;
        try {
            compiled = Path.of(ProbeServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(compiled.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.put("WEB-INF/classes/" + pkg + "/" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        classes.put("WEB-INF/beans.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
                """.getBytes(StandardCharsets.UTF_8));
        return write(dir.resolve("cdi.war"), "cdi", moduleJars("filter"), null, classes);
    }

    /** The module's jar ({@code matrix.<module>.jar}) and the jars its classpath file lists. */
    private static List<Path> moduleJars(String module) throws IOException {
        List<Path> jars = new ArrayList<>();
        jars.add(existingFile("matrix." + module + ".jar"));
        String classpath = Files.readString(existingFile("matrix." + module + ".classpath"), StandardCharsets.UTF_8).trim();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!Files.isRegularFile(jar) || !jar.getFileName().toString().endsWith(".jar")) {
                throw new IllegalStateException("expected a jar on the runtime classpath of " + module
                        + " (build the whole reactor with mvn verify): " + entry);
            }
            jars.add(jar);
        }
        return jars;
    }

    private static Path write(Path war, String title, List<Path> jars, String webXml) throws IOException {
        return write(war, title, jars, webXml, Map.of());
    }

    private static Path write(Path war, String title, List<Path> jars, String webXml, Map<String, byte[]> more)
            throws IOException {
        Files.createDirectories(war.getParent());
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            entry(zip, "index.html", ("<!doctype html><title>" + title + "</title><p>" + title + " app</p>\n")
                    .getBytes(StandardCharsets.UTF_8));
            if (webXml != null) {
                entry(zip, "WEB-INF/web.xml", webXml.getBytes(StandardCharsets.UTF_8));
            }
            for (Path jar : jars) {
                entry(zip, "WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
            }
            for (Map.Entry<String, byte[]> extra : more.entrySet()) {
                entry(zip, extra.getKey(), extra.getValue());
            }
        }
        return war;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static Path existingFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalStateException(property + " must name an existing file (run the whole reactor with mvn verify): "
                    + value);
        }
        return Path.of(value);
    }
}
