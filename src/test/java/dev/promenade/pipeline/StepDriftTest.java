package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static dev.promenade.pipeline.Commits.merge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class StepDriftTest {

    private static final PromotionStep STEP = new PromotionStep(new Environment("staging", "staging", null),
            new Environment("production", "production", null));

    @Test
    void identicalBranchesAreUpToDate() {
        StepDrift drift = classify(new Comparison(0, 0, List.of()), List.of(), true);

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
        assertEquals(0, drift.pendingCount());
        assertTrue(drift.isUpToDate());
    }

    @Test
    void commitsOnlyInTheSourceArePending() {
        List<Commit> pending = List.of(commit("one"), commit("two"));

        StepDrift drift = classify(new Comparison(2, 0, pending), List.of(), true);

        assertEquals(DriftStatus.PENDING, drift.status());
        assertEquals(2, drift.pendingCount());
        assertEquals(pending, drift.pending());
        assertFalse(drift.hasHotfixes());
    }

    @Test
    void mergeCommitsOfEarlierPromotionsOnTheTargetDoNotMakeItDiverged() {
        StepDrift drift = classify(new Comparison(3, 2, List.of(commit("a"), commit("b"), commit("c"))),
                List.of(merge("Merge pull request #7 from acme/staging"), merge("Merge pull request #9 from acme/staging")),
                true);

        assertEquals(DriftStatus.PENDING, drift.status());
        assertEquals(2, drift.promotionMerges());
        assertFalse(drift.hasHotfixes());
    }

    @Test
    void onlyPromotionMergesOnTheTargetAndNothingPendingIsUpToDate() {
        StepDrift drift = classify(new Comparison(0, 1, List.of()), List.of(merge("Merge pull request #7")), true);

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
    }

    @Test
    void aRealCommitOnlyOnTheTargetMakesPendingChangesDiverged() {
        Commit hotfix = commit("Hotfix: reject negative refunds");

        StepDrift drift = classify(new Comparison(2, 2, List.of(commit("a"), commit("b"))),
                List.of(hotfix, merge("Merge pull request #8")), true);

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertEquals(1, drift.promotionMerges());
    }

    @Test
    void aRealCommitOnlyOnTheTargetWithNothingPendingIsBehind() {
        StepDrift drift = classify(new Comparison(0, 1, List.of()), List.of(commit("Hotfix")), true);

        assertEquals(DriftStatus.BEHIND, drift.status());
        assertEquals(0, drift.pendingCount());
    }

    @Test
    void targetCommitsNotAllReadAreAssumedToBeRealChanges() {
        StepDrift drift = classify(new Comparison(1, 1500, List.of(commit("a"))), List.of(merge("Merge")), false);

        assertEquals(DriftStatus.DIVERGED, drift.status());
    }

    @Test
    void thePendingCountIsGitHubsEvenWhenOnlyThePreviewWasRead() {
        List<Commit> preview = List.of(commit("1"), commit("2"));

        StepDrift drift = classify(new Comparison(300, 0, preview), List.of(), true);

        assertEquals(300, drift.pendingCount());
        assertEquals(2, drift.pending().size());
        assertEquals(1, drift.firstPending(1).size());
    }

    private static StepDrift classify(Comparison forward, List<Commit> targetOnly, boolean complete) {
        return StepDrift.classify(STEP, "target-sha", "source-sha", forward, targetOnly, complete);
    }
}
