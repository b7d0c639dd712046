package dev.promenade.web;

import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.GeneratedHistory;
import dev.promenade.sandbox.SandboxLimits;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Years of promotions (1,200 of them, generated into acme/docs) read through the sandbox's GitHub:
 * what the pages show equals Git's own log, and what a cold read and a read after a push cost
 * does not grow with the history.
 */
@QuarkusTest
class LongHistoryTest {

    private static final String DOCS = "acme/docs";
    private static final Instant START = Instant.parse("2023-01-02T09:00:00Z");

    @Inject
    SandboxWorld sandbox;

    @Inject
    SandboxLimits github;

    @Inject
    Snapshots snapshots;

    @Inject
    Catalog catalog;

    private SignIn alice;

    @BeforeEach
    void signedIn() {
        alice = SignIn.as("alice");
        Page.of(alice.request().get("/repos/" + DOCS), 200);
    }

    @AfterEach
    void reset() {
        sandbox.reset();
        snapshots.forgetAll();
    }

    @Test
    void twelveHundredMergePromotions() {
        GeneratedHistory history = promoted(false);
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        assertEquals("pending", staging.attr("data-status"));
        assertEquals(40, sandbox.log(DOCS, "staging", "master").size(), "Git: 40 commits wait");
        assertEquals("40", staging.attr("data-pending"));
        assertEquals("up-to-date", step(board(), "production").attr("data-status"));
        assertTrue(sandbox.log(DOCS, "master", "staging").size() >= 1200, "Git: staging holds every promotion merge");
        assertEquals(1, cold, "the heads and both comparisons in one query");
        assertEquals(sandbox.log(DOCS, "staging", "master"),
                Page.of(alice.request().get("/repos/" + DOCS + "/pending/staging"), 200).all("#pending li").eachAttr("data-commit"));

        sandbox.push(DOCS, "master", "carol", "One more change");
        long moved = requestsToRead(false);

        assertEquals("41", step(board(), "staging").attr("data-pending"));
        assertEquals(2, moved, "the heads, then the step that moved");
    }

    @Test
    void twelveHundredSquashPromotions() {
        GeneratedHistory history = promoted(true);
        sandbox.plant(DOCS, history, "master");
        String carried = history.promotions().get(history.promotions().size() - 1).headCommit();

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        List<String> left = sandbox.log(DOCS, carried, "master");
        assertEquals("pending", staging.attr("data-status"));
        assertEquals(String.valueOf(left.size()), staging.attr("data-pending"));
        int gitCounts = sandbox.log(DOCS, "staging", "master").size();
        assertEquals((gitCounts - 40) + " already promoted by squash (#" + (history.nextNumber() - 1) + ")",
                staging.selectFirst(".squash-note").text());
        assertEquals(2, cold, "the comparisons, then the newest 100 pending commits");
        assertEquals(left, Page.of(alice.request().get("/repos/" + DOCS + "/pending/staging"), 200).all("#pending li")
                .eachAttr("data-commit"));

        sandbox.push(DOCS, "master", "carol", "One more change");
        long moved = requestsToRead(false);

        assertEquals("41", step(board(), "staging").attr("data-pending"));
        assertEquals(2, moved, "the heads, then the step that moved with its newest pending commits");
    }

    @Test
    void aHotfixBehindAThousandLaterPromotions() {
        GeneratedHistory history = started(Duration.ofHours(4));
        rounds(history, 200, false);
        String hotfix = history.commit("staging", "Hotfix: keep the docs search index warm");
        rounds(history, 1000, false);
        waiting(history);
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        assertTrue(sandbox.log(DOCS, "master", "staging").contains(hotfix), "Git: master still lacks it");
        assertEquals("diverged", staging.attr("data-status"));
        assertEquals("40", staging.attr("data-pending"));
        assertEquals("Changes only on staging, from before its newest 100 commits: could not tell which within 100 commits",
                staging.selectFirst(".warning").text());
        assertEquals(1, cold);
    }

    @Test
    void aHotfixBehindAThousandLaterSquashPromotions() {
        GeneratedHistory history = started(Duration.ofHours(4));
        rounds(history, 200, true);
        history.commit("staging", "Hotfix: keep the docs search index warm");
        rounds(history, 1000, true);
        String carried = history.head("master");
        waiting(history);
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        assertEquals("diverged", staging.attr("data-status"));
        assertEquals(String.valueOf(sandbox.log(DOCS, carried, "master").size()), staging.attr("data-pending"));
        assertEquals("40", staging.attr("data-pending"), "counted from what the last squash carried, as its pull request says");
        assertEquals("Changes only on staging, from before its newest commit: could not tell which within 1 commit",
                staging.selectFirst(".warning").text());
        assertEquals(2, cold, "the comparisons, then the newest pending commits");
    }

    @Test
    void aMixOfMergesSquashesAndFastForwards() {
        GeneratedHistory history = started(Duration.ofHours(4));
        // Ends with a squash: what staging holds was carried, not merged.
        for (int round = 0; round < 1202; round++) {
            history.commit("master", "Docs change " + round);
            switch (round % 3) {
                case 0 -> history.merge("staging", "master");
                case 1 -> history.squash("staging", "master");
                default -> history.fastForward("staging", "master");
            }
        }
        history.fastForward("production", "staging");
        waiting(history);
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        assertEquals("pending", staging.attr("data-status"));
        String carried = history.promotions().get(history.promotions().size() - 1).headCommit();
        assertEquals(40, sandbox.log(DOCS, carried, "master").size(), "Git: 40 commits since the last squash");
        assertEquals("40", staging.attr("data-pending"));
        assertEquals(2, cold, "the comparisons, then the newest pending commits");
    }

    @Test
    void aBackMergedHotfixIsNoHotfixAnyMore() {
        GeneratedHistory history = started(Duration.ofHours(4));
        rounds(history, 300, false);
        String hotfix = history.commit("staging", "Hotfix: keep the docs search index warm");
        history.merge("master", "staging");
        rounds(history, 900, false);
        waiting(history);
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        assertTrue(!sandbox.log(DOCS, "master", "staging").contains(hotfix), "Git: master has it too");
        Element staging = step(board(), "staging");
        assertEquals("pending", staging.attr("data-status"));
        assertEquals("40", staging.attr("data-pending"));
        assertEquals(1, cold);
    }

    /**
     * Squash promotions of commits rebased onto master, authored a year before they were committed,
     * 150 of them waiting: committer dates say to read a second page of pending commits, where the
     * one the last squash carried is.
     */
    @Test
    void rebasedCommitsAuthoredLongBefore() {
        GeneratedHistory history = started(Duration.ofHours(1));
        for (int round = 0; round < 1200; round++) {
            history.commit("master", "Rebased docs change " + round, START.minus(Duration.ofDays(365)));
            history.squash("staging", "master");
        }
        history.fastForward("production", "staging");
        String carried = history.head("master");
        for (int i = 0; i < 150; i++) {
            history.commit("master", "Rebased, waiting " + i, START.minus(Duration.ofDays(365)));
        }
        sandbox.plant(DOCS, history, "master");

        long cold = requestsToRead(true);

        Element staging = step(board(), "staging");
        assertEquals("pending", staging.attr("data-status"));
        assertEquals(String.valueOf(sandbox.log(DOCS, carried, "master").size()), staging.attr("data-pending"));
        assertEquals("150", staging.attr("data-pending"));
        assertEquals(3, cold, "the comparisons, then two pages of the newest pending commits");
    }

    /** 1,200 rounds of one to three changes promoted into staging (merged or squashed), production following; 40 waiting. */
    private static GeneratedHistory promoted(boolean squash) {
        GeneratedHistory history = started(Duration.ofHours(4));
        rounds(history, 1200, squash);
        waiting(history);
        return history;
    }

    /** A history whose three branches start at its first commit, a commit every {@code step}. */
    private static GeneratedHistory started(Duration step) {
        GeneratedHistory history = new GeneratedHistory("acme", "master", START, step);
        history.fastForward("staging", "master");
        history.fastForward("production", "master");
        return history;
    }

    private static void rounds(GeneratedHistory history, int rounds, boolean squash) {
        for (int round = 0; round < rounds; round++) {
            for (int change = 0; change <= round % 3; change++) {
                history.commit("master", "Docs change " + round + "." + change);
            }
            if (squash) {
                history.squash("staging", "master");
            } else {
                history.merge("staging", "master");
            }
        }
        history.fastForward("production", "staging");
    }

    private static void waiting(GeneratedHistory history) {
        for (int i = 0; i < 40; i++) {
            history.commit("master", "Waiting docs change " + i);
        }
    }

    /**
     * The GraphQL requests the next read of acme/docs costs: a first read ({@code cold}), or one of a
     * snapshot marked stale, as a webhook does.
     */
    private long requestsToRead(boolean cold) {
        Pipeline docs = catalog.find(RepositoryName.parse(DOCS).orElseThrow()).orElseThrow();
        if (cold) {
            snapshots.forgetAll();
        } else {
            snapshots.markStale(docs);
        }
        long before = github.stats().get("graphqlRequests");
        Page.of(alice.request().get("/repos/" + DOCS), 200);
        try {
            snapshots.settled(List.of(docs), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("acme/docs was not read within 30 s", e);
        }
        return github.stats().get("graphqlRequests") - before;
    }

    private Element board() {
        return Page.of(alice.request().get("/repos/" + DOCS), 200).repository(DOCS);
    }
}
