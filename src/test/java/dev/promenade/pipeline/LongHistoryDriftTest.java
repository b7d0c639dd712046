package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.promenade.sandbox.GeneratedHistory;

/**
 * Years of promotions, generated, read as Promenade reads GitHub (the newest 100 commits only the
 * target has, then the newest pending commits 100 a page while they are needed), and each verdict
 * checked against Git's own log of the generated history: the verdict and the reads' cost do not
 * depend on how long the history is.
 */
class LongHistoryDriftTest {

    private static final Instant START = Instant.parse("2023-01-02T09:00:00Z");
    private static final PromotionStep INTO_STAGING = new PromotionStep(new Environment("test", "master", null),
            new Environment("staging", "staging", null));
    private static final PromotionStep INTO_PRODUCTION = new PromotionStep(new Environment("staging", "staging", null),
            new Environment("production", "production", null));

    @Test
    void twelveHundredMergePromotionsLeaveOnlyWhatWaits() {
        GeneratedHistory history = promoted(1200, Promotion.MERGE, new Random(1));
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertEquals(DriftStatus.PENDING, staging.drift.status());
        assertEquals(40, staging.drift.pendingCount());
        assertEquals(shas(history.log("staging", "master").subList(0, 10)), shas(staging.drift.pending()));
        assertEquals(List.of(), staging.drift.hotfixes());
        assertEquals(0, staging.drift.couldNotTellWithin());
        assertEquals(1, staging.queries, "one comparison round, however many promotions");
        assertTrue(history.log("master", "staging").size() >= 1200, "Git counts every promotion merge as only on staging");
        assertEquals(DriftStatus.UP_TO_DATE, read(history, INTO_PRODUCTION).drift.status());
    }

    @Test
    void twelveHundredSquashPromotionsLeaveOnlyWhatWaits() {
        GeneratedHistory history = promoted(1200, Promotion.SQUASH, new Random(2));
        String carried = history.head("master");
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertEquals(DriftStatus.PENDING, staging.drift.status());
        assertEquals(40, staging.drift.pendingCount());
        List<Commit> left = history.log(carried, "master");
        assertEquals(shas(left), shas(staging.drift.pending()));
        assertEquals(carried, staging.drift.squashBase());
        int gitCounts = history.log("staging", "master").size();
        assertEquals(gitCounts, staging.drift.aheadBy());
        assertEquals(gitCounts - 40, staging.drift.promotedBySquash());
        assertEquals(history.head("staging"), staging.drift.lastSquash().sha());
        assertEquals(List.of(), staging.drift.hotfixes());
        assertEquals(2, staging.queries, "the comparisons, then one page of the newest pending commits");
    }

    @Test
    void aMixOfMergesSquashesAndFastForwardsLeavesOnlyWhatWaits() {
        GeneratedHistory history = promoted(1200, Promotion.MIXED, new Random(3));
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertEquals(40, staging.drift.pendingCount());
        assertEquals(List.of(), staging.drift.hotfixes());
        assertTrue(staging.drift.status() == DriftStatus.PENDING, staging.drift.status().name());
        assertTrue(staging.queries <= 2, staging.queries + " queries");
    }

    @Test
    void aHotfixBehindAThousandLaterPromotionsStillDiverges() {
        GeneratedHistory history = promoted(150, Promotion.MERGE, new Random(4));
        String hotfix = history.commit("staging", "Hotfix: close the ledger at midnight UTC");
        promote(history, 1000, Promotion.MERGE, new Random(5));
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertTrue(shas(history.log("master", "staging")).contains(hotfix), "Git: only staging has it");
        assertEquals(DriftStatus.DIVERGED, staging.drift.status());
        assertTrue(staging.drift.targetHoldsChanges());
        assertEquals(40, staging.drift.pendingCount());
        assertEquals(100, staging.drift.couldNotTellWithin(), "the hotfix is further back than the 100 commits read");
        assertEquals(1, staging.queries);
    }

    /**
     * Squash promotions after a hotfix staging never gave back carry it in their content: none
     * equals a master commit. GitHub names the last ones (their pull requests), so they are not
     * taken for hotfixes, what is left to promote is counted from what the last one carried, and
     * the step still says staging holds a change master lacks.
     */
    @Test
    void aHotfixBehindAThousandLaterSquashPromotionsStillDiverges() {
        GeneratedHistory history = promoted(150, Promotion.SQUASH, new Random(10));
        history.commit("staging", "Hotfix: close the ledger at midnight UTC");
        promote(history, 1000, Promotion.SQUASH, new Random(11));
        String carried = history.head("master");
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertEquals(DriftStatus.DIVERGED, staging.drift.status());
        assertEquals(shas(history.log(carried, "master")), shas(staging.drift.pending()));
        assertEquals(40, staging.drift.pendingCount());
        assertEquals(List.of(), staging.drift.hotfixes(), "the squashes are promotions, as GitHub says");
        assertEquals(history.head("staging"), staging.drift.lastSquash().sha());
        assertEquals(1, staging.drift.couldNotTellWithin(), "the change came before the newest commit");
        assertEquals(2, staging.queries);
    }

    @Test
    void aHotfixAmongTheNewestCommitsIsNamed() {
        GeneratedHistory history = promoted(1200, Promotion.MERGE, new Random(6));
        String hotfix = history.commit("staging", "Hotfix: close the ledger at midnight UTC");
        promote(history, 20, Promotion.MERGE, new Random(7));
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertEquals(DriftStatus.DIVERGED, staging.drift.status());
        assertEquals(List.of(hotfix), shas(staging.drift.hotfixes()));
        assertEquals(0, staging.drift.couldNotTellWithin(), "an older merge equals its source parent: nothing further back");
        assertEquals(2, staging.queries, "one page of pending commits tells it is no squash");
    }

    @Test
    void aBackMergedHotfixIsNoHotfixAnyMore() {
        GeneratedHistory history = promoted(300, Promotion.MERGE, new Random(8));
        String hotfix = history.commit("staging", "Hotfix: close the ledger at midnight UTC");
        history.merge("master", "staging");
        promote(history, 900, Promotion.MERGE, new Random(9));
        waiting(history, 40);

        Read staging = read(history, INTO_STAGING);

        assertTrue(!shas(history.log("master", "staging")).contains(hotfix), "Git: master has it too");
        assertEquals(DriftStatus.PENDING, staging.drift.status());
        assertEquals(40, staging.drift.pendingCount());
        assertEquals(1, staging.queries);
    }

    /**
     * Squash promotions of commits rebased onto master (authored a year before they were committed)
     * with 150 commits waiting: the squash base is on the second page of pending commits, which
     * committer dates (not the year-old author dates) say to read.
     */
    @Test
    void rebasedCommitsAreReadBackByTheirCommitterDates() {
        GeneratedHistory history = new GeneratedHistory("acme", "master", START, Duration.ofHours(1));
        history.fastForward("staging", "master");
        for (int round = 0; round < 200; round++) {
            history.commit("master", "Rebased change " + round, START.minus(Duration.ofDays(365)));
            history.squash("staging", "master");
        }
        String carried = history.head("master");
        for (int i = 0; i < 150; i++) {
            history.commit("master", "Rebased, waiting " + i, START.minus(Duration.ofDays(365)));
        }

        Read staging = read(history, INTO_STAGING);

        assertEquals(DriftStatus.PENDING, staging.drift.status());
        assertEquals(150, staging.drift.pendingCount());
        assertEquals(carried, staging.drift.squashBase());
        assertEquals(3, staging.queries, "the comparisons, then two pages of pending commits");
    }

    private enum Promotion {
        MERGE, SQUASH, MIXED
    }

    /** {@code rounds} rounds of one to three changes on master promoted into staging, production following. */
    private static GeneratedHistory promoted(int rounds, Promotion how, Random random) {
        GeneratedHistory history = new GeneratedHistory("acme", "master", START, Duration.ofMinutes(30));
        history.fastForward("staging", "master");
        history.fastForward("production", "master");
        promote(history, rounds, how, random);
        return history;
    }

    private static void promote(GeneratedHistory history, int rounds, Promotion how, Random random) {
        for (int round = 0; round < rounds; round++) {
            for (int change = random.nextInt(3); change >= 0; change--) {
                history.commit("master", "Change " + round + "." + change);
            }
            Promotion kind = how == Promotion.MIXED ? Promotion.values()[random.nextInt(3)] : how;
            switch (kind) {
                case MERGE -> history.merge("staging", "master");
                case SQUASH -> history.squash("staging", "master");
                default -> history.fastForward("staging", "master");
            }
        }
        history.fastForward("production", "staging");
    }

    private static void waiting(GeneratedHistory history, int commits) {
        for (int i = 0; i < commits; i++) {
            history.commit("master", "Waiting change " + i);
        }
    }

    private record Read(StepDrift drift, int queries) {
    }

    /**
     * A step read as Promenade's GraphQL read does, from Git's log of the generated history: one
     * query comparing the heads both ways (the first 10 pending commits, the newest 100 only the
     * target has, with their parents' trees and dates, and the last five promotion pull requests
     * merged), then pages of the newest pending commits while the
     * read wants them.
     */
    private static Read read(GeneratedHistory history, PromotionStep step) {
        String target = step.target().branch();
        String source = step.source().branch();
        List<Commit> pending = history.log(target, source);
        List<Commit> targetOnly = history.log(source, target);
        List<Commit> newest = new ArrayList<>(targetOnly.subList(Math.max(0, targetOnly.size() - 100), targetOnly.size()));
        Collections.reverse(newest);
        Map<String, StepRead.Parent> parents = new HashMap<>();
        newest.forEach(commit -> commit.parentShas().forEach(sha -> {
            Commit parent = history.lookUp(sha);
            parents.put(sha, new StepRead.Parent(parent.treeOid(), parent.committedAt()));
        }));
        // GitHub's word on the last five promotion pull requests merged: the commit each left, and the head it carried.
        List<GeneratedHistory.MergedPromotion> promotions = history.promotions().stream()
                .filter(pull -> pull.base().equals(target) && pull.head().equals(source)).toList();
        Map<String, String> carried = new HashMap<>();
        promotions.subList(Math.max(0, promotions.size() - 5), promotions.size())
                .forEach(pull -> carried.put(pull.mergeCommit(), pull.headCommit()));
        StepRead read = new StepRead(history.head(target), history.head(source),
                new Comparison(pending.size(), targetOnly.size(), pending.subList(0, Math.min(10, pending.size()))), newest,
                parents, null, false, carried);
        int queries = 1;
        while (read.wantsWindow()) {
            queries++;
            int done = read.window() == null ? 0 : read.window().size();
            int to = pending.size() - done;
            List<Commit> page = new ArrayList<>(pending.subList(Math.max(0, to - 100), to));
            Collections.reverse(page);
            List<Commit> window = new ArrayList<>(read.window() == null ? List.of() : read.window());
            window.addAll(page);
            read = read.withWindow(window, to - 100 <= 0);
        }
        return new Read(StepDrift.of(step, read), queries);
    }

    private static List<String> shas(List<Commit> commits) {
        return commits.stream().map(Commit::sha).toList();
    }
}
