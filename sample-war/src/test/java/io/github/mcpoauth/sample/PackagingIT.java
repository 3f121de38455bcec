package io.github.mcpoauth.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * What a company adopting the module receives carries its licence: the WAR and both library jars
 * inside it hold the repository's LICENSE (Apache-2.0), NOTICE and the licence of the embedded MCP
 * SDK classes (MIT) in META-INF, the jars name their module ({@code Automatic-Module-Name}), and the build made sources and javadoc jars, which
 * carry both files as well.
 */
class PackagingIT {

    @Test
    void theWarCarriesTheLicenceAndTheNotice() throws IOException {
        try (ZipFile war = new ZipFile(SampleApp.war().toFile())) {
            assertLicensed(war, "sample WAR");
        }
    }

    @ParameterizedTest
    @CsvSource({"mcp-oauth-filter,io.github.mcpoauth.filter", "mcp-oauth-jpa,io.github.mcpoauth.jpa"})
    void eachLibraryJarCarriesTheLicenceTheNoticeAndItsModuleName(String artifact, String moduleName) throws IOException {
        try (ZipFile war = new ZipFile(SampleApp.war().toFile())) {
            ZipEntry entry = war.stream().filter(e -> e.getName().matches("WEB-INF/lib/" + artifact + "-[^/]*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError(artifact + " is not in the WAR"));
            byte[] jar;
            try (InputStream in = war.getInputStream(entry)) {
                jar = in.readAllBytes();
            }
            Path copy = Files.createTempFile(TestFiles.targetDir(), artifact, ".jar");
            try {
                Files.write(copy, jar);
                try (ZipFile library = new ZipFile(copy.toFile())) {
                    assertLicensed(library, entry.getName());
                }
            } finally {
                Files.delete(copy);
            }
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
                Manifest manifest = in.getManifest();
                assertNotNull(manifest, entry.getName() + " has no manifest");
                assertEquals(moduleName, manifest.getMainAttributes().getValue("Automatic-Module-Name"));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"mcp-oauth-filter", "mcp-oauth-jpa"})
    void theBuildMadeSourcesAndJavadocJarsOfEachLibrary(String artifact) throws IOException {
        Path target = TestFiles.existingDir("sample.repo.root").resolve(artifact).resolve("target");
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, artifact + "-*.jar")) {
            jars.forEach(p -> names.add(p.getFileName().toString()));
        }
        assertTrue(names.stream().anyMatch(n -> n.endsWith("-sources.jar")), "no sources jar in " + names);
        assertTrue(names.stream().anyMatch(n -> n.endsWith("-javadoc.jar")), "no javadoc jar in " + names);
        for (String name : names.stream().filter(n -> n.endsWith("-sources.jar") || n.endsWith("-javadoc.jar")).toList()) {
            try (ZipFile jar = new ZipFile(target.resolve(name).toFile())) {
                assertTrue(jar.stream().anyMatch(e -> e.getName().endsWith(name.endsWith("-sources.jar") ? ".java" : ".html")),
                        name + " is empty");
                assertLicensed(jar, name);
            }
        }
    }

    private static void assertLicensed(ZipFile archive, String what) throws IOException {
        Path root = TestFiles.existingDir("sample.repo.root");
        for (String file : List.of("LICENSE", "NOTICE", "LICENSE-mcp-java-sdk")) {
            ZipEntry entry = archive.getEntry("META-INF/" + file);
            assertNotNull(entry, what + " has no META-INF/" + file);
            try (InputStream in = archive.getInputStream(entry)) {
                assertArrayEquals(Files.readAllBytes(root.resolve(file)), in.readAllBytes(),
                        what + ": META-INF/" + file + " differs from the repository's");
            }
        }
        assertTrue(Files.readString(root.resolve("LICENSE")).contains("Apache License\n                           Version 2.0"));
    }
}
