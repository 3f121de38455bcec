package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds a JDK that can run Keycloak 26 (Java 21 or newer) while the tests themselves run on Java 17.
 * Looked at in order: the system property {@code keycloak.java.home}, the environment variables
 * {@code KEYCLOAK_JAVA_HOME} and {@code JAVA_HOME}, the JDK running the test, then every JDK under
 * {@code /usr/lib/jvm}. A JDK's version is read from its {@code release} file.
 *
 * <p>Without one the Keycloak test cannot run: on CI (environment variable {@code CI} set) that is a
 * failure, elsewhere the test is skipped with the reason.
 */
final class KeycloakJava {

    static final int MINIMUM = 21;
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private KeycloakJava() {
    }

    /** The home of a JDK 21+, or the test is failed (CI) or skipped (elsewhere) with the reason. */
    static Path home() {
        List<Path> candidates = candidates();
        Optional<Path> found = candidates.stream().filter(home -> major(home) >= MINIMUM).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "Keycloak needs Java " + MINIMUM + "+ and none was found (looked at " + candidates
                + "); set KEYCLOAK_JAVA_HOME (or -Dkeycloak.java.home) to a JDK " + MINIMUM
                + "+, as .ci/run does through scripts/keycloak-java";
        if (onCi()) {
            throw new AssertionError(reason);
        }
        Assumptions.abort(reason);
        throw new AssertionError(reason);
    }

    private static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    private static List<Path> candidates() {
        List<Path> homes = new ArrayList<>();
        addIfSet(homes, System.getProperty("keycloak.java.home"));
        addIfSet(homes, System.getenv("KEYCLOAK_JAVA_HOME"));
        addIfSet(homes, System.getenv("JAVA_HOME"));
        addIfSet(homes, System.getProperty("java.home"));
        if (Files.isDirectory(JVM_DIR)) {
            try (Stream<Path> jvms = Files.list(JVM_DIR)) {
                jvms.filter(Files::isDirectory).sorted().forEach(homes::add);
            } catch (IOException e) {
                // nothing more to look at
            }
        }
        return homes;
    }

    private static void addIfSet(List<Path> homes, String value) {
        if (value != null && !value.isBlank()) {
            homes.add(Path.of(value));
        }
    }

    /** The feature release of the JDK at {@code home}, 0 when it is none or unreadable. */
    static int major(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
            return 0;
        }
        try {
            Matcher matcher = VERSION.matcher(Files.readString(release));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
