package dev.promenade;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Promenade as a GitHub App against the sandbox, with a key made for the test run. Deliveries come
 * as a GitHub App's: what changes is read with the installation's token, not a page's viewer's.
 */
public class GitHubAppProfile implements QuarkusTestProfile {

    public static final String APP_ID = "424242";
    public static final KeyPair KEY = rsa();

    @Override
    public Map<String, String> getConfigOverrides() {
        // The sandbox's App mode, with this App's ID and key rather than those it would make.
        return Map.of("promenade.sandbox.mode", "app", "promenade.github.app-id", APP_ID, "promenade.github.private-key", pkcs1(KEY),
                "promenade.sandbox.webhooks", "true", "promenade.refresh-after", "PT1H");
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as GitHub gives it: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), the PKCS#8 wrapping of Java's encoding taken off. */
    public static String pkcs1(KeyPair key) {
        byte[] pkcs8 = key.getPrivate().getEncoded();
        // SEQUENCE(len) INTEGER 0, AlgorithmIdentifier(15 bytes), OCTET STRING(len) — then the PKCS#1 key.
        int header = 2 + (pkcs8[1] & 0x7f) * ((pkcs8[1] & 0x80) != 0 ? 1 : 0);
        int offset = header + 3 + 15;
        int lengthBytes = (pkcs8[offset + 1] & 0x80) != 0 ? (pkcs8[offset + 1] & 0x7f) : 0;
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, offset + 2 + lengthBytes, pkcs8.length);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n";
    }
}
