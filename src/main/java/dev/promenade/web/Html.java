package dev.promenade.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.quarkus.qute.RawString;
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

    /** Where a page's pre-encoded part goes ({@link #utf8(String, List, String)}). */
    static final RawString SLOT = new RawString("<!--promenade:slot-->");

    /**
     * A page around a part kept encoded ({@link CardBodies#board}): the page's own markup, with the
     * part's segments copied in at {@link #SLOT} and the page's CSRF token between them.
     */
    static byte[] utf8(String page, List<byte[]> segments, String token) {
        int at = page.indexOf(SLOT.getValue());
        if (at < 0) {
            // The page shows no part (nothing to list).
            return page.getBytes(StandardCharsets.UTF_8);
        }
        byte[] head = page.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = page.substring(at + SLOT.getValue().length()).getBytes(StandardCharsets.UTF_8);
        byte[] between = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
        int length = head.length + tail.length + Math.max(0, segments.size() - 1) * between.length;
        for (byte[] segment : segments) {
            length += segment.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(head, 0, out, 0, head.length);
        int position = head.length;
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                System.arraycopy(between, 0, out, position, between.length);
                position += between.length;
            }
            System.arraycopy(segments.get(i), 0, out, position, segments.get(i).length);
            position += segments.get(i).length;
        }
        System.arraycopy(tail, 0, out, position, tail.length);
        return out;
    }

    /**
     * Markup shared by many pages, made cheap to copy into each: indentation dropped, and every
     * character beyond ASCII (arrows, middle dots, emoji in commit messages…) written as a character reference, so
     * that the page around it stays ASCII: a one-byte-per-character string in the JVM, half the
     * bytes to join, and its UTF-8 encoding a plain copy.
     */
    static String compact(String markup) {
        StringBuilder out = new StringBuilder(markup.length());
        boolean lineStart = false;
        for (int i = 0; i < markup.length(); i++) {
            char c = markup.charAt(i);
            if (c == '\n') {
                lineStart = true;
                out.append(c);
                continue;
            }
            if (lineStart && (c == ' ' || c == '\t')) {
                continue;
            }
            lineStart = false;
            if (c < 0x80) {
                out.append(c);
            } else {
                int codePoint = markup.codePointAt(i);
                out.append("&#").append(codePoint).append(';');
                i += Character.charCount(codePoint) - 1;
            }
        }
        return out.toString();
    }
}
