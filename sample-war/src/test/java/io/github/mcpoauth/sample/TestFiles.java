package io.github.mcpoauth.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree helpers for the integration tests' working directories (under {@code target/}). */
final class TestFiles {

    private TestFiles() {
    }

    /** {@code target/}: the directory that holds the WAR file under test. */
    static Path targetDir() {
        return SampleApp.war().toAbsolutePath().normalize().getParent();
    }

    /** An empty directory at {@code dir}: whatever was there from an earlier run is deleted. */
    static Path freshDir(Path dir) throws IOException {
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** A directory named by a system property, as a real path (no {@code ..}, no symbolic links). */
    static Path existingDir(String property) throws IOException {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException(property + " must name an existing directory (run through mvn verify): " + value);
        }
        return Path.of(value).toRealPath();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Copies the tree {@code from} into {@code to} (created), files and directories only. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
