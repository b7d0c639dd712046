package dev.promenade.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** GitHub's published test values ("Validating webhook deliveries"). */
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] PAYLOAD = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void githubsTestVectorVerifies() {
        assertEquals(SIGNATURE, WebhookSignature.sign(SECRET, PAYLOAD));
        assertTrue(WebhookSignature.verifies(SECRET, PAYLOAD, SIGNATURE));
    }

    @Test
    void anythingElseDoesNot() {
        assertFalse(WebhookSignature.verifies(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), SIGNATURE),
                "another body");
        assertFalse(WebhookSignature.verifies("It's a secret to everybody", PAYLOAD, SIGNATURE), "another secret");
        assertFalse(WebhookSignature.verifies(SECRET, PAYLOAD, SIGNATURE.toUpperCase()), "hex is lower case");
        assertFalse(WebhookSignature.verifies(SECRET, PAYLOAD, SIGNATURE.substring(0, SIGNATURE.length() - 1)), "cut short");
        assertFalse(WebhookSignature.verifies(SECRET, PAYLOAD, SIGNATURE.replace("sha256=", "sha1=")), "other algorithm");
        assertFalse(WebhookSignature.verifies(SECRET, PAYLOAD, null), "unsigned");
        assertFalse(WebhookSignature.verifies(SECRET, PAYLOAD, ""), "empty");
        assertFalse(WebhookSignature.verifies("", PAYLOAD, SIGNATURE), "no secret verifies nothing");
    }
}
