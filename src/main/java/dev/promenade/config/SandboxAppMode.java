package dev.promenade.config;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * {@code -Dpromenade.sandbox.mode=app}: dev mode runs as a GitHub App against the sandbox, with an
 * App ID and a private key made at start (the sandbox knows its public half from the configuration,
 * as GitHub keeps an App's). Nothing for a production package: its configuration refuses the
 * sandbox.
 */
public class SandboxAppMode implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300): a configured App wins. */
    private static final int ORDINAL = 200;
    static final String SANDBOX_APP_ID = "1";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!isSandboxApp(context)) {
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("promenade.github.app-id", SANDBOX_APP_ID,
                "promenade.github.private-key", newKey()), "promenade: the sandbox's GitHub App", ORDINAL));
    }

    static boolean isSandboxApp(ConfigSourceContext context) {
        ConfigValue mode = context.getValue("promenade.sandbox.mode");
        return mode != null && "app".equalsIgnoreCase(String.valueOf(mode.getValue()).strip());
    }

    private static String newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is part of every Java runtime", e);
        }
    }
}
