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

    /**
     * Master c1…c5 (trees t1…t5); staging got c1…c3 as one squash commit (tree t3) and c4 as another
     * (tree t4): 1 commit left to promote, 4 carried by squash.
     */
    @Test
    void squashPromotionsAreNotPendingAndNotHotfixes() {
        List<Commit> source = linear(5);
        Commit first = Commits.withTree("Promote test → staging (#5)", "t3");
        Commit second = Commits.withTree("Promote test → staging (#8)", "t4", first);

        StepDrift drift = squashed(source, List.of(first, second));

        assertEquals(DriftStatus.PENDING, drift.status());
        assertEquals(1, drift.pendingCount());
        assertEquals(List.of(source.get(4)), drift.pending());
        assertEquals(5, drift.aheadBy(), "GitHub still counts all five");
        assertEquals(4, drift.promotedBySquash());
        assertEquals(List.of(first, second), drift.squashes());
        assertEquals(second, drift.lastSquash());
        assertEquals(source.get(3).sha(), drift.squashBase());
        assertEquals(source.get(3).sha(), drift.listBase(), "the list to promote starts after what the squash carried");
        assertEquals(second, drift.carriedBy().get(source.get(3).sha()));
        assertEquals(first, drift.carriedBy().get(source.get(2).sha()));
        assertFalse(drift.hasHotfixes());
    }

    @Test
    void aSquashOfEverythingLeavesTheStepUpToDate() {
        List<Commit> source = linear(3);

        StepDrift drift = squashed(source, List.of(Commits.withTree("Promote (#4)", "t3")));

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
        assertEquals(0, drift.pendingCount());
        assertEquals(3, drift.promotedBySquash());
    }

    @Test
    void aHotfixAfterTheLastSquashIsStillAHotfix() {
        List<Commit> source = linear(4);
        Commit squash = Commits.withTree("Promote (#5)", "t2");
        Commit hotfix = Commits.withTree("Hotfix: round totals half-up", "h1", squash);

        StepDrift drift = squashed(source, List.of(squash, hotfix));

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertEquals(List.of(squash), drift.squashes());
        assertEquals(2, drift.pendingCount());
        assertEquals(List.of(source.get(2), source.get(3)), drift.pending());
    }

    @Test
    void aSquashOfPartOfTheSourceLeavesTheRestPending() {
        List<Commit> source = linear(6);

        StepDrift drift = squashed(source, List.of(Commits.withTree("Promote part (#7)", "t2")));

        assertEquals(4, drift.pendingCount());
        assertEquals(source.subList(2, 6), drift.pending());
        assertEquals(2, drift.promotedBySquash());
    }

    @Test
    void aCommitOnTheTargetWhoseTreeMatchesNothingIsAHotfixEvenWithATreeRead() {
        List<Commit> source = linear(2);
        Commit hotfix = Commits.withTree("Hotfix", "elsewhere");

        StepDrift drift = squashed(source, List.of(hotfix));

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(2, drift.pendingCount());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertEquals(null, drift.squashBase());
        assertEquals("target-sha", drift.listBase());
    }

    @Test
    void commitsOfAFeatureBranchMergedAfterTheSquashArePendingWhateverTheirOrder() {
        Commit c1 = Commits.withTree("c1", "t1");
        Commit feature = Commits.withTree("feature work", "tf", c1);
        Commit c2 = Commits.withTree("c2", "t2", c1);
        Commit merged = Commits.withTree("Merge pull request #9 from acme/feature", "tm", c2, feature);
        // GitHub lists the feature commit before c2 (older), though the squash of c2 did not carry it.
        List<Commit> newestFirst = List.of(merged, c2, feature, c1);

        StepDrift drift = StepDrift.classify(STEP, "target-sha", "source-sha",
                new Comparison(4, 1, List.of(c1, feature, c2, merged)), List.of(Commits.withTree("Promote (#3)", "t2")), true,
                newestFirst);

        assertEquals(List.of(feature, merged), drift.pending());
        assertEquals(2, drift.promotedBySquash());
    }

    @Test
    void withoutASquashNothingChangesWhenTreesAreRead() {
        List<Commit> source = linear(3);
        Commit merge = merge("Merge pull request #7 from acme/staging");

        StepDrift read = squashed(source, List.of(merge));
        StepDrift plain = classify(new Comparison(3, 1, source), List.of(merge), true);

        assertEquals(plain.status(), read.status());
        assertEquals(plain.pendingCount(), read.pendingCount());
        assertEquals(plain.pending(), read.pending());
        assertEquals(0, read.promotedBySquash());
    }

    /** c1…cN on the source, each with tree tN, oldest first. */
    private static List<Commit> linear(int count) {
        List<Commit> commits = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            commits.add(i == 1 ? Commits.withTree("c1", "t1") : Commits.withTree("c" + i, "t" + i, commits.get(i - 2)));
        }
        return commits;
    }

    private static StepDrift squashed(List<Commit> source, List<Commit> targetOnly) {
        List<Commit> newestFirst = new java.util.ArrayList<>(source);
        java.util.Collections.reverse(newestFirst);
        return StepDrift.classify(STEP, "target-sha", "source-sha", new Comparison(source.size(), targetOnly.size(), source),
                targetOnly, true, newestFirst);
    }

    private static StepDrift classify(Comparison forward, List<Commit> targetOnly, boolean complete) {
        return StepDrift.classify(STEP, "target-sha", "source-sha", forward, targetOnly, complete);
    }
}
