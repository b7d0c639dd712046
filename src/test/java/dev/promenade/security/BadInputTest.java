package dev.promenade.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.RawHttp;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.sandbox.SandboxWorld;
import dev.promenade.webhook.Deliveries;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every path, query and form parameter, fuzzed: the answer is a page (4xx when the input is wrong),
 * never a 500, and nothing is created on GitHub.
 */
@QuarkusTest
class BadInputTest {

    /** Written as they go on the wire: percent-encoded where HTTP needs it, raw where a client would not dare. */
    private static final List<String> VALUES = List.of(
            "%C3%BC%F0%9F%9A%80", "ü🚀", "%2F", "..", "%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%00", "%0D%0ALocation:%20x", "%0A",
            "%1B%5B31m", "99999999999999999999", "-1", "0", "", "%ZZ", "%", "%E0%A4%A", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%27%22%3E%3C", "A".repeat(3000), "acme%2Fstorefront", "release%2Fprod", "%20", "+");

    /**
     * Quarkus's HTTP layer refuses a request line whose address cannot be decoded with a bare 400
     * before any route sees it (VertxHttpRecorder's URI check): refused, not a page.
     */
    private static final List<String> UNDECODABLE = List.of("ü🚀", "%ZZ", "%", "%E0%A4%A");

    @Inject
    SandboxWorld sandbox;

    @Inject
    Catalog catalog;

    private SignIn alice;
    private Map<String, String> session;

    @BeforeEach
    void signIn() {
        sandbox.reset();
        alice = SignIn.as("alice");
        session = Map.of("Cookie", alice.cookies().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                .collect(Collectors.joining("; ")));
    }

    @Test
    void everyPathAndQueryParameterFuzzedGetsAPageNeverAFiveHundred() {
        List<String> templates = List.of("/repos/%s/storefront", "/repos/acme/%s", "/repos/acme/storefront/pending/%s",
                "/repos/acme/storefront/compare/%s", "/repos/acme/storefront/history/%s",
                "/repos/acme/ledger/pending/staging?page=%s", "/repos/acme/storefront/compare/"
                        + sandbox.headOf("acme/storefront", "staging").orElseThrow() + "..."
                        + sandbox.headOf("acme/storefront", "master").orElseThrow() + "?page=%s",
                "/repos/acme/storefront?notice=%s", "/repos/acme/storefront/pending/staging?notice=%s&notice=%s",
                "/?%s=%s", "/signed-out?reason=%s&revoked=%s", "/events?view=%s",
                "/events?view=pending&repo=%s&env=staging", "/events?view=pending&repo=acme/storefront&env=%s",
                "/events?view=overview&since=%s", "/events?view=pending&repo=acme/ledger&env=staging&page=%s",
                "/%s", "/static/%s", "/webjars/%s");
        List<String> wrong = new ArrayList<>();
        for (String template : templates) {
            for (String value : VALUES) {
                String target = template.replace("%s", value);
                RawHttp.Answer answer = RawHttp.send("GET", target, session, null);
                if (UNDECODABLE.contains(value) && answer.status() == 400) {
                    continue;
                }
                if (answer.status() >= 500 || (answer.status() >= 400 && answer.status() != 414 && answer.status() != 431
                        && !answer.body().contains("role=\"alert\"") && !target.startsWith("/webjars/") && !target.startsWith("/static/"))) {
                    wrong.add(answer.status() + " for GET " + target.substring(0, Math.min(target.length(), 120)));
                }
            }
        }
        assertEquals(List.of(), wrong, "a page saying what was wrong, never a 500");
    }

    @Test
    void everyFormFieldFuzzedGetsAPageAndCreatesNothing() {
        String token = alice.formToken("/");
        Map<String, List<String>> before = openPullRequests();
        List<String> wrong = new ArrayList<>();
        for (String value : VALUES) {
            // acme/docs has nothing to promote: whatever the other fields say, nothing may be created.
            for (String form : List.of("csrf-token=" + token + "&return=" + value, "csrf-token=" + token + "&confirm=" + value,
                    "csrf-token=" + token + "&return=" + value + "&return=%2F&confirm=" + value + "&confirm=",
                    "csrf-token=" + value, "csrf-token=" + token + "&csrf-token=" + value, value + "=" + value,
                    "csrf-token=" + token + "&return=" + "B".repeat(10_000))) {
                for (String path : List.of("/repos/acme/docs/promote/staging", "/repos/acme/docs/back-merge/staging",
                        "/repos/acme/storefront/promote/" + value, "/repos/acme/" + value + "/promote/staging")) {
                    check(wrong, "POST", path, formHeaders("application/x-www-form-urlencoded"), form);
                }
            }
        }
        for (String type : List.of("text/plain", "application/json", "multipart/form-data", "application/x-www-form-urlencoded; charset=klingon",
                "application/x-www-form-urlencoded; charset=utf-16", "", "%ZZ")) {
            check(wrong, "POST", "/repos/acme/docs/promote/staging", formHeaders(type), "csrf-token=" + token + "&return=%2F");
            RawHttp.Answer refused = RawHttp.send("POST", "/repos/acme/storefront/promote/staging", formHeaders(type),
                    ("{\"csrf-token\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8));
            if (refused.status() < 400 || refused.status() >= 500) {
                wrong.add(refused.status() + " for a promotion posted as " + type);
            }
            check(wrong, "POST", "/logout", formHeaders(type), "{\"csrf-token\":\"" + token + "\"}");
        }
        assertEquals(List.of(), wrong, "a page saying what was wrong, never a 500");
        assertEquals(before, openPullRequests(), "nothing created");
    }

    @Test
    void wrongMethodsGetAPage() {
        List<String> wrong = new ArrayList<>();
        for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "BREW")) {
            for (String path : List.of("/", "/repos/acme/storefront", "/repos/acme/storefront/pending/staging",
                    "/repos/acme/storefront/promote/staging", "/logout", "/webhooks/github", "/events?view=overview")) {
                RawHttp.Answer answer = RawHttp.send(method, path, session, null);
                if (answer.status() < 400 || answer.status() >= 500) {
                    wrong.add(answer.status() + " for " + method + " " + path);
                }
            }
        }
        for (String path : List.of("/repos/acme/storefront/promote/staging", "/repos/acme/storefront/back-merge/staging", "/logout")) {
            RawHttp.Answer answer = RawHttp.send("GET", path, session, null);
            if (answer.status() != 405 || !answer.body().contains("role=\"alert\"")) {
                wrong.add(answer.status() + " for GET " + path);
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void webhookDeliveriesOfEveryShapeAreAnsweredNeverWithAFiveHundred() {
        List<String> wrong = new ArrayList<>();
        for (String body : List.of("", "{", "null", "[]", "\"x\"", "{\"ref\":1}", "{\"repository\":{\"full_name\":\"../..\"}}",
                "{\"repository\":{\"full_name\":\"acme/storefront\"},\"ref\":\"refs/heads/" + "x".repeat(5000) + "\"}",
                "{\"repository\":{\"full_name\":\"acme/storefront\"},\"ref\":\"refs/heads/master\",\"after\":\"<script>\"}")) {
            for (String event : List.of("push", "pull_request", "status", "check_run", "create", "delete", "ping", "unknown", "")) {
                int status = Deliveries.signed(null, event, body).statusCode();
                if (status >= 500) {
                    wrong.add(status + " for a signed " + event + " of " + body.substring(0, Math.min(body.length(), 60)));
                }
            }
        }
        byte[] ping = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
        for (String delivery : List.of("", " ", "x".repeat(101), "x".repeat(5000), "ü🚀", "../../etc/passwd", "<script>", "*",
                "promenade:access:alice")) {
            int status = Deliveries.deliver(null, "ping", ping, Deliveries.signature(ping), delivery).statusCode();
            int again = Deliveries.deliver(null, "ping", ping, Deliveries.signature(ping), delivery).statusCode();
            if (status >= 500 || again >= 500 || (delivery.length() > 100) != (status == 400)) {
                wrong.add(status + "/" + again + " for a delivery ID of " + delivery.length() + " characters");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void deliveriesBeyondWhatMayBeHeldAtOnceAreAskedToComeAgain() throws Exception {
        byte[] ping = "{\"zen\":\"Half measures are as bad as nothing at all.\"}".getBytes(StandardCharsets.UTF_8);
        // Someone declares two of the largest bodies and sends them slowly: they are held while they come.
        try (java.net.Socket one = slowDelivery(); java.net.Socket two = slowDelivery()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                    Deliveries.deliver(null, "ping", ping, Deliveries.signature(ping)).statusCode() == 503);
            io.restassured.response.Response busy = Deliveries.deliver(null, "ping", ping, Deliveries.signature(ping));
            assertEquals(503, busy.statusCode());
            assertEquals("1", busy.header("Retry-After"));
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                Deliveries.deliver(null, "ping", ping, Deliveries.signature(ping)).statusCode() == 200);
    }

    private static java.net.Socket slowDelivery() throws IOException {
        java.net.Socket socket = new java.net.Socket("localhost", 8081);
        socket.getOutputStream().write(("POST /webhooks/github HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-GitHub-Event: push\r\nContent-Length: " + 10 * 1024 * 1024 + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private void check(List<String> wrong, String method, String path, Map<String, String> headers, String body) {
        RawHttp.Answer answer = RawHttp.send(method, path, headers, body.getBytes(StandardCharsets.UTF_8));
        if (UNDECODABLE.stream().anyMatch(path::contains) && answer.status() == 400) {
            return;
        }
        boolean page = answer.status() < 400 || answer.status() == 413 || answer.body().contains("role=\"alert\"");
        if (answer.status() >= 500 && answer.status() != 502 && answer.status() != 504 || !page) {
            wrong.add(answer.status() + " for " + method + " " + path.substring(0, Math.min(path.length(), 100)) + " with "
                    + headers.get("Content-Type") + " " + body.substring(0, Math.min(body.length(), 80)));
        }
    }

    private Map<String, String> formHeaders(String type) {
        Map<String, String> headers = new LinkedHashMap<>(session);
        headers.put("Content-Type", type);
        return headers;
    }

    private Map<String, List<String>> openPullRequests() {
        Map<String, List<String>> open = new LinkedHashMap<>();
        catalog.pipelines().forEach(pipeline -> open.put(pipeline.repository().fullName(),
                sandbox.openPullRequests(pipeline.repository().fullName())));
        return open;
    }
}
