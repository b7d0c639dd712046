package dev.promenade.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * How Quarkus signs people in, by what Promenade is on GitHub. An OAuth App asks for the
 * {@code repo} scope (or {@code promenade.github.scopes}) and gets a token that does not expire: the
 * session lasts a working day (8 hours). A GitHub App asks for no scope (what its user's token may
 * do is what both the user and the App may) and gets a token that expires after 8 hours with a
 * refresh token: Quarkus refreshes it in the last 5 minutes of its life, on the next request, and
 * the session lives on while its user comes back within 16 hours of the last refresh. A setting
 * made explicitly (application.properties, environment) still wins.
 */
public class LoginModes implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> login = isApp(context)
                ? Map.of("quarkus.oidc.token.refresh-expired", "true",
                        "quarkus.oidc.token.refresh-token-time-skew", "5M",
                        "quarkus.oidc.authentication.session-age-extension", "16H")
                : Map.of("quarkus.oidc.authentication.scopes", value(context, "promenade.github.scopes", "repo"),
                        "quarkus.oidc.authentication.internal-id-token-lifespan", "8H");
        return List.of(new PropertiesConfigSource(login, "promenade: " + (isApp(context) ? "GitHub App" : "OAuth App") + " sign-in",
                ORDINAL));
    }

    /** As {@link Configuration#appMode}: the App's ID and private key are both set (the sandbox's App sets them too). */
    private static boolean isApp(ConfigSourceContext context) {
        return !value(context, "promenade.github.app-id", "").isBlank() && hasKey(context) || SandboxAppMode.isSandboxApp(context);
    }

    private static boolean hasKey(ConfigSourceContext context) {
        if (!value(context, "promenade.github.private-key", "").isBlank()) {
            return true;
        }
        String file = value(context, "promenade.github.private-key-file", "");
        try {
            return !file.isBlank() && Files.size(Path.of(file)) > 0;
        } catch (IOException | RuntimeException e) {
            // Unreadable: the configuration check says so when the application starts.
            return false;
        }
    }

    private static String value(ConfigSourceContext context, String key, String otherwise) {
        ConfigValue value = context.getValue(key);
        return value == null || value.getValue() == null ? otherwise : value.getValue();
    }
}
