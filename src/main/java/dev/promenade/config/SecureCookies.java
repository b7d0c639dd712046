package dev.promenade.config;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Session cookies are {@code Secure} when {@code promenade.public-url} is https: behind a proxy
 * that ends TLS, Quarkus itself only sees http and would leave the flag off. A setting made
 * explicitly (application.properties, environment) still wins.
 */
public class SecureCookies implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue publicUrl = context.getValue("promenade.public-url");
        String url = publicUrl == null ? null : publicUrl.getValue();
        if (url == null || !url.regionMatches(true, 0, "https:", 0, 6)) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("quarkus.oidc.authentication.cookie-force-secure", "true"),
                "promenade: public-url is https", ORDINAL));
    }
}
