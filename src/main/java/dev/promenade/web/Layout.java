package dev.promenade.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.config.PromenadeConfig;
import io.quarkus.runtime.Startup;

/** What the shared layout needs to know about this deployment: {@code {inject:layout.sandbox}}. */
@ApplicationScoped
@Named("layout")
// Made at start: a page rendered off a request thread (its deadline passed) must not be the first to need it.
@Startup
public class Layout {

    /** The files whose content versions the links to them; htmx's come from the webjars, versioned by the build. */
    private static final String[] ASSETS = { "META-INF/resources/static/promenade.css", "META-INF/resources/static/promenade.js",
            "META-INF/resources/favicon.ico", "META-INF/maven/org.webjars.npm/htmx.org/pom.properties",
            "META-INF/maven/org.webjars.npm/htmx-ext-sse/pom.properties" };

    @Inject
    PromenadeConfig config;

    private final String version = digest();

    public boolean sandbox() {
        return config.sandbox().enabled();
    }

    /**
     * What static links carry ({@code ?v=}): it changes whenever a file does, so browsers may keep
     * them for a year ({@link SecurityHeaders}) and still never run an old script with a new page.
     */
    public String version() {
        return version;
    }

    private static String digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String asset : ASSETS) {
                try (InputStream in = Layout.class.getClassLoader().getResourceAsStream(asset)) {
                    if (in != null) {
                        sha.update(in.readAllBytes());
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
