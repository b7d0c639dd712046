package dev.promenade.web;

import java.nio.charset.StandardCharsets;

import io.quarkus.qute.TemplateInstance;

/** Pages sent as UTF-8 bytes. */
final class Html {

    private Html() {
    }

    /**
     * The page rendered and encoded here: the JDK encodes a whole string at once many times faster
     * than the server's writer does character by character, which matters for pages of hundreds of
     * kilobytes served hundreds of times a second.
     */
    static byte[] utf8(TemplateInstance page) {
        return page.render().getBytes(StandardCharsets.UTF_8);
    }
}
