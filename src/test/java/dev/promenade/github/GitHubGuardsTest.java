package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/** Timeouts, retries of reads, and the circuit breaker per GitHub host, through SmallRye Fault Tolerance. */
@QuarkusTest
class GitHubGuardsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:03:00Z"), ZoneOffset.UTC);

    private final GitHubGuards guards = new GitHubGuards(Duration.ofMillis(300), CLOCK);
    /** A host of this test alone: breakers are per host. */
    private final URI host = URI.create("https://" + UUID.randomUUID() + ".github.example/api/v3");
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aReadIsRetriedWhenGitHubIsBrieflyUnavailableOrDropsTheConnection() {
        for (int status : new int[] { 502, 503, 504 }) {
            calls.set(0);
            String answer = guards.read(host, () -> failingFirst(2, new GitHubFailure(Kind.UNAVAILABLE, status, "HTTP " + status)))
                    .await().atMost(Duration.ofSeconds(10));
            assertEquals("answer", answer);
            assertEquals(3, calls.get(), "twice more after a " + status);
        }
        calls.set(0);
        GitHubFailure reset = GitHubErrors.notAnswered(new ConnectException("Connection reset"));
        assertEquals("answer", guards.read(host, () -> failingFirst(1, reset)).await().atMost(Duration.ofSeconds(10)));
        assertEquals(2, calls.get());
    }

    @Test
    void refusalsAndTimeoutsAreNotRetried() {
        for (GitHubFailure refusal : new GitHubFailure[] { new GitHubFailure(Kind.NOT_FOUND, 404, "no"),
                new GitHubFailure(Kind.UNPROCESSABLE, 422, "invalid"), new GitHubFailure(Kind.UNAUTHORIZED, 401, "revoked"),
                new GitHubFailure(Kind.RATE_LIMITED, 403, "rate limit", Instant.now().plusSeconds(60)),
                new GitHubFailure(Kind.UNAVAILABLE, 500, "HTTP 500") }) {
            calls.set(0);
            GitHubFailure failure = assertThrows(GitHubFailure.class,
                    () -> guards.read(host, () -> failingFirst(5, refusal)).await().atMost(Duration.ofSeconds(10)));
            assertEquals(refusal.kind(), failure.kind());
            assertEquals(1, calls.get(), refusal.getMessage());
        }
        calls.set(0);
        GitHubFailure slow = assertThrows(GitHubFailure.class, () -> guards.read(host, this::never).await().atMost(Duration.ofSeconds(10)));
        assertEquals(1, calls.get(), "a timeout would take as long again");
        assertTrue(slow.getMessage().startsWith("GitHub did not answer within"), slow.getMessage());
    }

    @Test
    void everyCallHasATimeout() {
        long started = System.nanoTime();
        GitHubFailure write = assertThrows(GitHubFailure.class, () -> guards.write(host, this::never).await().atMost(Duration.ofSeconds(10)));
        assertEquals(Kind.UNAVAILABLE, write.kind());
        assertTrue(GitHubErrors.timedOut(write), "told apart from a refused connection");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void aWriteIsNeverRetried() {
        GitHubFailure failure = assertThrows(GitHubFailure.class, () -> guards.write(host,
                () -> failingFirst(5, new GitHubFailure(Kind.UNAVAILABLE, 502, "HTTP 502"))).await().atMost(Duration.ofSeconds(10)));
        assertEquals(502, failure.status());
        assertEquals(1, calls.get());
    }

    @Test
    void aHostThatKeepsFailingIsLeftAloneAndPagesAreToldSinceWhen() {
        for (int i = 0; i < GitHubGuards.WINDOW; i++) {
            assertThrows(GitHubFailure.class, () -> guards.write(host,
                    () -> failingFirst(1000, new GitHubFailure(Kind.UNAVAILABLE, 500, "HTTP 500"))).await().atMost(Duration.ofSeconds(10)));
        }
        int sent = calls.get();

        GitHubFailure open = assertThrows(GitHubFailure.class,
                () -> guards.read(host, () -> failingFirst(0, null)).await().atMost(Duration.ofSeconds(10)));

        assertEquals(sent, calls.get(), "not asked at all");
        assertEquals(Kind.UNAVAILABLE, open.kind());
        assertEquals("GitHub unreachable since 12:03 UTC; Promenade leaves it alone for 30 s", open.getMessage());
        URI other = URI.create("https://other-" + UUID.randomUUID() + ".github.example");
        assertEquals("answer", guards.read(other, () -> failingFirst(0, null)).await().atMost(Duration.ofSeconds(10)),
                "another host is asked as usual");
    }

    @Test
    void refusalsDoNotOpenTheBreaker() {
        for (int i = 0; i < GitHubGuards.WINDOW * 2; i++) {
            assertThrows(GitHubFailure.class, () -> guards.read(host,
                    () -> failingFirst(1000, new GitHubFailure(Kind.NOT_FOUND, 404, "no"))).await().atMost(Duration.ofSeconds(10)));
        }
        calls.set(0);
        assertEquals("answer", guards.read(host, () -> failingFirst(0, null)).await().atMost(Duration.ofSeconds(10)),
                "GitHub answered every time, if only to refuse");
    }

    /** Fails {@code times} times with {@code failure}, then answers. */
    private Uni<String> failingFirst(int times, GitHubFailure failure) {
        return Uni.createFrom().item(calls::incrementAndGet).map(call -> {
            if (call <= times) {
                throw failure;
            }
            return "answer";
        });
    }

    private Uni<String> never() {
        calls.incrementAndGet();
        return Uni.createFrom().nothing();
    }
}
