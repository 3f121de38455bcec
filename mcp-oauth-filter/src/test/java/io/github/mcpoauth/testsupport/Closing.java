package io.github.mcpoauth.testsupport;

/** Closes test fixtures in order, skipping those never started; the first failure is thrown after all were tried. */
public final class Closing {

    private Closing() {
    }

    public static void all(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
