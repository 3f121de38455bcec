package io.github.mcpoauth.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK that can run Keycloak 26 (Java 21 or newer) while the tests themselves run on Java 17.
 * A JDK named by the system property {@code keycloak.java.home} or the environment variable
 * {@code KEYCLOAK_JAVA_HOME} is used as it is (the test fails if it is older). Otherwise the first
 * that fits of {@code JAVA_HOME}, the JDK running the test and every JDK under {@code /usr/lib/jvm}.
 * A JDK's version is read from its {@code release} file.
 *
 * <p>Without one the Keycloak test cannot run: on CI (environment variable {@code CI} set) that is a
 * failure, elsewhere each test is skipped with the reason.
 */
final class KeycloakJava {

    static final int MINIMUM = 21;
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

    private KeycloakJava() {
    }

    /**
     * The home of a JDK 21+; empty, with {@link #missing()} saying why, when there is none on a machine
     * that is not CI. On CI a missing JDK is an {@link AssertionError}, never a skip.
     */
    static Optional<Path> home() {
        Optional<Path> chosen = explicit();
        if (chosen.isPresent()) {
            if (major(chosen.get()) < MINIMUM) {
                throw new AssertionError("KEYCLOAK_JAVA_HOME (or -Dkeycloak.java.home) names " + chosen.get()
                        + ", which is not a JDK " + MINIMUM + "+ (Java " + major(chosen.get()) + ")");
            }
            return chosen;
        }
        Optional<Path> found = candidates().stream().filter(home -> major(home) >= MINIMUM).findFirst();
        if (found.isEmpty() && onCi()) {
            throw new AssertionError(missing());
        }
        return found;
    }

    /** Why {@link #home()} is empty. */
    static String missing() {
        return "Keycloak needs Java " + MINIMUM + "+ and none was found (looked at " + candidates()
                + "); set KEYCLOAK_JAVA_HOME (or -Dkeycloak.java.home) to a JDK " + MINIMUM
                + "+, as .ci/run does through scripts/keycloak-java";
    }

    private static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** The JDK someone chose for Keycloak: used as it is, or the test fails saying it does not fit. */
    private static Optional<Path> explicit() {
        String property = System.getProperty("keycloak.java.home");
        String value = property != null && !property.isBlank() ? property : System.getenv("KEYCLOAK_JAVA_HOME");
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    private static List<Path> candidates() {
        Set<Path> homes = new LinkedHashSet<>();
        addIfSet(homes, System.getenv("JAVA_HOME"));
        addIfSet(homes, System.getProperty("java.home"));
        if (Files.isDirectory(JVM_DIR)) {
            try (Stream<Path> jvms = Files.list(JVM_DIR)) {
                jvms.filter(Files::isDirectory).map(KeycloakJava::real).sorted().forEach(homes::add);
            } catch (IOException e) {
                // nothing more to look at
            }
        }
        return new ArrayList<>(homes);
    }

    private static void addIfSet(Set<Path> homes, String value) {
        if (value != null && !value.isBlank()) {
            homes.add(real(Path.of(value)));
        }
    }

    /** {@code path} with symbolic links resolved, so one JDK is looked at once; as given if it does not exist. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
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
