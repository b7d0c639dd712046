package dev.promenade;

import java.io.File;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a Debian package (Chromium, redis-server): skipped, and reported as such, on a
 * machine without it, unless {@code PROMENADE_TEST_PACKAGES=required} (as {@code .ci/run} sets),
 * where a missing package fails them.
 */
public final class Packages {

    private Packages() {
    }

    /** Whether the packages' tests must run here. */
    public static boolean required() {
        return "required".equals(System.getenv("PROMENADE_TEST_PACKAGES"));
    }

    /** Whether every file exists and can be run. */
    public static boolean installed(String... executables) {
        for (String executable : executables) {
            if (!new File(executable).canExecute()) {
                return false;
            }
        }
        return true;
    }

    /** Skips the test (or fails it, where required) when an executable is missing. */
    public static void require(String install, String... executables) {
        if (installed(executables)) {
            return;
        }
        String message = "needs " + String.join(", ", executables) + ": apt-get install -y " + install + " (as .ci/run does)";
        if (required()) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort("Not run: " + message);
    }
}
