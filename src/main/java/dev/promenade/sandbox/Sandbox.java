package dev.promenade.sandbox;

/** The build property that keeps the sandbox's beans in a build. */
public final class Sandbox {

    /** {@code true} in dev mode and tests (application.properties); absent, so false, in a production package. */
    public static final String INCLUDED = "promenade.sandbox.included";

    private Sandbox() {
    }
}
