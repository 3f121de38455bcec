package io.github.mcpoauth.config;

/**
 * Names a web application's own subdirectory of the default data directory, so two applications
 * on one server never open the same embedded database. The name follows the servlet containers'
 * own convention for context paths: {@code ""} or {@code "/"} is {@code ROOT}, {@code /shop} is
 * {@code shop}, {@code /a/b} is {@code a#b}; anything but letters, digits, {@code . _ - #} becomes
 * {@code _}, and a leading dot is prefixed, so the result is always one plain file name.
 */
final class ApplicationName {

    private ApplicationName() {
    }

    /** The directory name for {@code contextPath} as {@code ServletContext.getContextPath()} returns it. */
    static String of(String contextPath) {
        String path = contextPath == null ? "" : contextPath;
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return "ROOT";
        }
        StringBuilder name = new StringBuilder(path.length());
        for (char c : path.toCharArray()) {
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
            name.append(c == '/' ? '#' : plain ? c : '_');
        }
        return name.charAt(0) == '.' ? "_" + name : name.toString();
    }
}
