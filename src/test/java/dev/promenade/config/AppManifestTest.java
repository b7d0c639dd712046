package dev.promenade.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The GitHub App the README's one form creates: the manifest asks for exactly the permissions the
 * README lists (read everything Promenade shows, write pull requests only) and every event
 * Promenade follows, and the form sends that manifest.
 */
class AppManifestTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theManifestAsksForNarrowPermissionsAndEveryEventPromenadeFollows() throws IOException {
        JsonNode manifest = json.readTree(Files.readString(Path.of("docs/github-app/manifest.json")));

        assertEquals(Map.of("metadata", "read", "contents", "read", "pull_requests", "write", "statuses", "read", "checks", "read"),
                json.convertValue(manifest.path("default_permissions"), Map.class));
        Set<String> events = new TreeSet<>();
        manifest.path("default_events").forEach(event -> events.add(event.asText()));
        assertEquals(new TreeSet<>(Set.of("push", "pull_request", "status", "check_run", "check_suite", "create", "delete")), events);
        assertTrue(manifest.path("hook_attributes").path("url").asText().endsWith("/webhooks/github"));
        assertTrue(manifest.path("callback_urls").path(0).asText().endsWith("/auth/callback"));
        assertEquals(false, manifest.path("public").asBoolean(true));
    }

    @Test
    void theFormSendsTheManifest() throws IOException {
        ObjectNode manifest = (ObjectNode) json.readTree(Files.readString(Path.of("docs/github-app/manifest.json")));
        manifest.remove("description");
        Matcher form = Pattern.compile("name=\"manifest\" value='([^']*)'").matcher(Files.readString(Path.of("docs/github-app/create.html")));

        assertTrue(form.find());
        assertEquals(manifest, json.readTree(form.group(1)));
    }
}
