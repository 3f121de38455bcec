package io.github.mcpoauth.jpa;

import java.security.CodeSource;
import java.util.Optional;

/**
 * The Jakarta Persistence API and the Hibernate ORM a store actually runs with, and where each was
 * loaded from. An application server may put its own API ahead of the web application's jars
 * (WildFly does, with the Jakarta EE 10 API, 3.1), so the versions in {@code WEB-INF/lib} are not
 * necessarily the ones in use; when Hibernate cannot start, these facts name the cause.
 *
 * @param apiVersion the API jar's version, or {@code "unknown"}; {@code "not visible"} when absent
 * @param apiSource where {@code jakarta.persistence.Table} was loaded from (jar and class loader)
 * @param api32 whether the API has Jakarta Persistence 3.2's additions ({@code PersistenceConfiguration})
 * @param hibernateVersion Hibernate ORM's version, {@code "unknown"}, or {@code "not visible"}
 * @param hibernateSource where {@code org.hibernate.Version} was loaded from
 */
record PersistenceRuntime(String apiVersion, String apiSource, boolean api32, String hibernateVersion,
                          String hibernateSource) {

    private static final String ABSENT = "not visible";

    /** What {@code loader} resolves; never throws. */
    static PersistenceRuntime of(ClassLoader loader) {
        Optional<Class<?>> api = load("jakarta.persistence.Table", loader);
        Optional<Class<?>> hibernate = load("org.hibernate.Version", loader);
        return new PersistenceRuntime(
                api.map(PersistenceRuntime::packageVersion).orElse(ABSENT),
                api.map(PersistenceRuntime::source).orElse("-"),
                load("jakarta.persistence.PersistenceConfiguration", loader).isPresent(),
                hibernate.map(PersistenceRuntime::hibernateVersion).orElse(ABSENT),
                hibernate.map(PersistenceRuntime::source).orElse("-"));
    }

    /** The API level this Hibernate needs: 7.x implements Jakarta Persistence 3.2, 6.x implements 3.1. */
    Optional<String> missingApi() {
        return hibernateVersion.matches("([7-9]|\\d{2,})\\..*") && !api32 ? Optional.of("3.2") : Optional.empty();
    }

    /** One sentence for logs and messages. */
    String describe() {
        String text = "Hibernate ORM " + hibernateVersion + " (from " + hibernateSource + ") with Jakarta Persistence API "
                + apiVersion + (api32 ? "" : " (3.1 or earlier)") + " (from " + apiSource + ")";
        return missingApi().map(level -> text + "; Hibernate ORM " + hibernateVersion + " needs Jakarta Persistence "
                + level + ", but an older API was loaded first (an application server's own API comes before"
                + " the application's jars)").orElse(text);
    }

    private static Optional<Class<?>> load(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static String packageVersion(Class<?> type) {
        Package pkg = type.getPackage();
        String version = pkg == null ? null : pkg.getImplementationVersion();
        if (version == null && pkg != null) {
            version = pkg.getSpecificationVersion();
        }
        return version == null ? "unknown" : version;
    }

    private static String hibernateVersion(Class<?> version) {
        try {
            return String.valueOf(version.getMethod("getVersionString").invoke(null));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return packageVersion(version);
        }
    }

    private static String source(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        String location = code == null || code.getLocation() == null ? "unknown location" : code.getLocation().toString();
        ClassLoader loader = type.getClassLoader();
        return location + ", class loader " + (loader == null ? "bootstrap" : loader.toString());
    }
}
