package dev.promenade.pipeline;

import static dev.promenade.pipeline.Commits.commit;
import static dev.promenade.pipeline.Commits.made;
import static dev.promenade.pipeline.Commits.withTree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The rules that tell a target's own commits apart, on small hand-made histories (see
 * {@code LongHistoryDriftTest} for years of them): content decides, near the heads.
 */
class StepDriftTest {

    private static final PromotionStep STEP = new PromotionStep(new Environment("staging", "staging", null),
            new Environment("production", "production", null));

    @Test
    void identicalBranchesAreUpToDate() {
        StepDrift drift = drift(List.of(), List.of(), Map.of(), List.of(), true);

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
        assertEquals(0, drift.pendingCount());
        assertTrue(drift.isUpToDate());
        assertEquals(0, drift.couldNotTellWithin());
    }

    @Test
    void commitsOnlyInTheSourceArePending() {
        List<Commit> source = linear(2);

        StepDrift drift = drift(source, List.of(), Map.of(), null, false);

        assertEquals(DriftStatus.PENDING, drift.status());
        assertEquals(2, drift.pendingCount());
        assertEquals(source, drift.pending());
        assertFalse(drift.targetHoldsChanges());
    }

    @Test
    void aMergeCommitEqualToItsSourceParentSettlesEverythingBehindIt() {
        Commit promoted = withTree("c1", "t1");
        Commit older = withTree("Hotfix long ago, since reverted", "h1");
        Commit merge = withTree("Merge pull request #7 from acme/staging", "t1", older, promoted);

        StepDrift drift = drift(List.of(withTree("c2", "t2", promoted)), List.of(merge, older), Map.of(promoted.sha(), "t1"),
                null, false);

        assertEquals(DriftStatus.PENDING, drift.status(), "production held nothing staging lacks when it took c1");
        assertEquals(1, drift.pendingCount());
        assertEquals(1, drift.promotionMerges());
        assertEquals(List.of(), drift.hotfixes());
    }

    @Test
    void onlyPromotionMergesOnTheTargetAndNothingPendingIsUpToDate() {
        Commit promoted = withTree("c1", "t1");
        Commit merge = withTree("Merge pull request #7", "t1", withTree("Initial", "t0"), promoted);

        StepDrift drift = drift(List.of(), List.of(merge), Map.of(promoted.sha(), "t1"), null, false);

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
    }

    @Test
    void aRealCommitOnlyOnTheTargetMakesPendingChangesDiverged() {
        List<Commit> source = linear(2);
        Commit merge = withTree("Merge pull request #8", "t1", withTree("Initial", "t0"), source.get(0));
        Commit hotfix = withTree("Hotfix: reject negative refunds", "t1+h", merge);

        StepDrift drift = drift(source.subList(1, 2), List.of(hotfix, merge), Map.of(source.get(0).sha(), "t1"),
                newestFirst(source.subList(1, 2)), true);

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertEquals(1, drift.promotionMerges());
        assertTrue(drift.targetHoldsChanges());
    }

    @Test
    void aRealCommitOnlyOnTheTargetWithNothingPendingIsBehind() {
        Commit hotfix = commit("Hotfix");

        StepDrift drift = drift(List.of(), List.of(hotfix), Map.of(), null, false);

        assertEquals(DriftStatus.BEHIND, drift.status());
        assertEquals(0, drift.pendingCount());
    }

    /**
     * Production took staging's c1…c3 by merge commits long after a hotfix that staging never got:
     * each merge differs from the staging commit it took. Only the newest merges were read, so the
     * hotfix itself was not; the step still holds a change staging lacks, and says it could not
     * tell which within the commits it read.
     */
    @Test
    void aMergeThatDiffersFromItsSourceParentShowsAChangeFurtherBackThanWasRead() {
        List<Commit> source = linear(4);
        Commit older = withTree("Merge pull request #3", "t0+h", withTree("Hotfix", "t0+h"), withTree("c0", "t0"));
        Commit first = withTree("Merge pull request #5", "t1+h", older, source.get(0));
        Commit second = withTree("Merge pull request #6", "t2+h", first, source.get(1));
        Map<String, StepRead.Parent> parents = Map.of(source.get(0).sha(), new StepRead.Parent("t1", Commits.DAY),
                source.get(1).sha(), new StepRead.Parent("t2", Commits.DAY),
                older.sha(), new StepRead.Parent("t0+h", Commits.DAY.minus(Duration.ofDays(30))));

        StepDrift drift = StepDrift.of(STEP, new StepRead(second.sha(), source.get(3).sha(),
                new Comparison(2, 5, source.subList(2, 4)), List.of(second, first), parents, null, false, Map.of()));

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(), drift.hotfixes(), "the hotfix is further back than what was read");
        assertTrue(drift.targetHoldsChanges());
        assertEquals(2, drift.couldNotTellWithin());
        assertEquals(2, drift.pendingCount(), "GitHub's count: merges carry the source's commits themselves");
    }

    /**
     * Only production's newest commit was read: a merge whose content equals one of its parents,
     * both committed before it. Either parent may be a production commit not read (a merge of two
     * of production's own lines) rather than staging's: a content match with it proves nothing.
     */
    @Test
    void whatTheReadCouldNotSettleIsUndecidedNotGuessed() {
        Commit promoted = withTree("c1", "t1");
        Instant before = Commits.DAY.minus(Duration.ofHours(1));
        Commit ownLine = made("Production's own line", "t2", before, before);
        Commit merge = withTree("Merge branch 'hotfix' into production", "t2", made("Merge pull request #4", "t0+x", before, before),
                ownLine);
        Map<String, StepRead.Parent> parents = Map.of(merge.parentShas().get(0), new StepRead.Parent("t0+x", before),
                ownLine.sha(), new StepRead.Parent("t2", before));

        StepDrift drift = StepDrift.of(STEP, new StepRead(merge.sha(), promoted.sha(), new Comparison(1, 300, List.of(promoted)),
                List.of(merge), parents, null, false, Map.of()));

        assertEquals(DriftStatus.UNDECIDED, drift.status());
        assertEquals(1, drift.couldNotTellWithin());
        assertEquals(1, drift.pendingCount());
    }

    @Test
    void aParentCommittedSinceTheOldestCommitReadIsTheSourcesWhateverIsNotRead() {
        Commit earlier = made("Merge pull request #4", "t0", Commits.DAY, Commits.DAY.plus(Duration.ofHours(1)),
                withTree("Merge pull request #3", "t-1"));
        Commit promoted = made("c1", "t1", Commits.DAY, Commits.DAY.plus(Duration.ofHours(2)));
        Commit merge = made("Merge pull request #5", "t1", Commits.DAY, Commits.DAY.plus(Duration.ofHours(3)), earlier, promoted);

        StepDrift drift = StepDrift.of(STEP, new StepRead(merge.sha(), "source-sha", new Comparison(0, 900, List.of()),
                List.of(merge, earlier), Map.of(promoted.sha(), new StepRead.Parent("t1", promoted.committedAt())), null, false, Map.of()));

        assertEquals(DriftStatus.UP_TO_DATE, drift.status(), "c1 would have been listed had production alone had it");
        assertEquals(0, drift.couldNotTellWithin());
    }

    @Test
    void thePendingCountIsGitHubsEvenWhenOnlyThePreviewWasRead() {
        List<Commit> preview = List.of(commit("1"), commit("2"));

        StepDrift drift = StepDrift.of(STEP, new StepRead("target-sha", "source-sha", new Comparison(300, 0, preview), List.of(),
                Map.of(), null, false, Map.of()));

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
        Commit first = withTree("Promote test → staging (#5)", "t3");
        Commit second = withTree("Promote test → staging (#8)", "t4", first);

        StepDrift drift = squashed(source, List.of(second, first));

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
        assertEquals(List.of(), drift.hotfixes());
    }

    @Test
    void aSquashOfEverythingLeavesTheStepUpToDate() {
        List<Commit> source = linear(3);

        StepDrift drift = squashed(source, List.of(withTree("Promote (#4)", "t3")));

        assertEquals(DriftStatus.UP_TO_DATE, drift.status());
        assertEquals(0, drift.pendingCount());
        assertEquals(3, drift.promotedBySquash());
    }

    @Test
    void aHotfixAfterTheLastSquashIsStillAHotfix() {
        List<Commit> source = linear(4);
        Commit squash = withTree("Promote (#5)", "t2");
        Commit hotfix = withTree("Hotfix: round totals half-up", "h1", squash);

        StepDrift drift = squashed(source, List.of(hotfix, squash));

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertEquals(List.of(squash), drift.squashes());
        assertEquals(2, drift.pendingCount());
        assertEquals(List.of(source.get(2), source.get(3)), drift.pending());
    }

    @Test
    void aSquashOfPartOfTheSourceLeavesTheRestPending() {
        List<Commit> source = linear(6);

        StepDrift drift = squashed(source, List.of(withTree("Promote part (#7)", "t2")));

        assertEquals(4, drift.pendingCount());
        assertEquals(source.subList(2, 6), drift.pending());
        assertEquals(2, drift.promotedBySquash());
    }

    @Test
    void aCommitOnTheTargetWhoseTreeMatchesNothingIsAHotfixEvenWithATreeRead() {
        List<Commit> source = linear(2);
        Commit hotfix = withTree("Hotfix", "elsewhere");

        StepDrift drift = squashed(source, List.of(hotfix));

        assertEquals(DriftStatus.DIVERGED, drift.status());
        assertEquals(2, drift.pendingCount());
        assertEquals(List.of(hotfix), drift.hotfixes());
        assertNull(drift.squashBase());
        assertEquals(hotfix.sha(), drift.listBase());
    }

    @Test
    void commitsOfAFeatureBranchMergedAfterTheSquashArePendingWhateverTheirOrder() {
        Commit c1 = withTree("c1", "t1");
        Commit feature = withTree("feature work", "tf", c1);
        Commit c2 = withTree("c2", "t2", c1);
        Commit merged = withTree("Merge pull request #9 from acme/feature", "tm", c2, feature);
        Commit squash = withTree("Promote (#3)", "t2");

        StepDrift drift = StepDrift.of(STEP, new StepRead(squash.sha(), merged.sha(),
                new Comparison(4, 1, List.of(c1, feature, c2, merged)), List.of(squash), Map.of(),
                // GitHub lists the feature commit before c2 (older), though the squash of c2 did not carry it.
                List.of(merged, c2, feature, c1), true, Map.of()));

        assertEquals(List.of(feature, merged), drift.pending());
        assertEquals(2, drift.promotedBySquash());
    }

    /**
     * Staging squashed c1…c3 while it held a hotfix: the squash's content is c3's and the hotfix's,
     * equal to no master commit. GitHub says it is promotion #9's merge, whose head was c3.
     */
    @Test
    void aSquashGitHubNamesIsAPromotionEvenWhenItCarriedAHotfixAlong() {
        List<Commit> source = linear(5);
        Commit hotfix = withTree("Hotfix", "t0+h");
        Commit squash = withTree("Promote test → staging (#9)", "t3+h", hotfix);

        StepDrift drift = StepDrift.of(STEP, new StepRead(squash.sha(), source.get(4).sha(), new Comparison(5, 2, source),
                List.of(squash, hotfix), Map.of(), newestFirst(source), true, Map.of(squash.sha(), source.get(2).sha())));

        assertEquals(DriftStatus.DIVERGED, drift.status(), "staging still holds the hotfix");
        assertEquals(List.of(), drift.hotfixes(), "the hotfix is behind the squash, which carried it along");
        assertEquals(List.of(squash), drift.squashes());
        assertEquals(source.get(2).sha(), drift.squashBase());
        assertEquals(source.subList(3, 5), drift.pending());
        assertEquals(1, drift.couldNotTellWithin());
    }

    @Test
    void aTargetCommitIsUndecidedUntilThePendingCommitsReadReachBackBeforeIt() {
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        List<Commit> source = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant when = now.minus(Duration.ofDays(3 - i));
            source.add(made("c" + i, "t" + i, when, when, source.isEmpty() ? new Commit[0] : new Commit[] { source.get(i - 1) }));
        }
        Commit hotfix = made("Hotfix", "h", now.minus(Duration.ofDays(10)), now.minus(Duration.ofHours(30)));
        StepRead read = new StepRead(hotfix.sha(), source.get(2).sha(), new Comparison(300, 1, source.subList(0, 1)),
                List.of(hotfix), Map.of(), null, false, Map.of());

        assertTrue(read.wantsWindow(), "nothing read could have told it apart yet");
        StepRead newest = read.withWindow(newestFirst(source.subList(1, 3)), false);
        assertEquals(DriftStatus.UNDECIDED, StepDrift.of(STEP, newest).status(),
                "the newest pending commits read are younger than the hotfix: a squash of older ones?");
        assertTrue(newest.wantsWindow());
        StepRead reaching = read.withWindow(newestFirst(source), false);
        assertFalse(reaching.wantsWindow(), "c0 was committed two days before it: anything older could not be what it carried");
        assertEquals(DriftStatus.DIVERGED, StepDrift.of(STEP, reaching).status(),
                "committer dates decide: the hotfix was authored ten days ago, and rebased since");
    }

    /** c1…cN on the source, each with tree tN, oldest first. */
    private static List<Commit> linear(int count) {
        List<Commit> commits = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            commits.add(i == 1 ? withTree("c1", "t1") : withTree("c" + i, "t" + i, commits.get(i - 2)));
        }
        return commits;
    }

    private static List<Commit> newestFirst(List<Commit> commits) {
        List<Commit> reversed = new ArrayList<>(commits);
        Collections.reverse(reversed);
        return reversed;
    }

    /** The target's commits ({@code targetOnly}, newest first) against the source's, all read. */
    private static StepDrift squashed(List<Commit> source, List<Commit> targetOnly) {
        return StepDrift.of(STEP, new StepRead(targetOnly.get(0).sha(), source.get(source.size() - 1).sha(),
                new Comparison(source.size(), targetOnly.size(), source), targetOnly, Map.of(), newestFirst(source), true, Map.of()));
    }

    private static StepDrift drift(List<Commit> pending, List<Commit> targetOnly, Map<String, String> parentTrees,
            List<Commit> window, boolean windowComplete) {
        return StepDrift.of(STEP, new StepRead(targetOnly.isEmpty() ? "target-sha" : targetOnly.get(0).sha(),
                pending.isEmpty() ? "source-sha" : pending.get(pending.size() - 1).sha(),
                new Comparison(pending.size(), targetOnly.size(), pending), targetOnly, parents(parentTrees), window, windowComplete, Map.of()));
    }

    /** Parents by SHA with their trees, committed when the commits of these tests are. */
    private static Map<String, StepRead.Parent> parents(Map<String, String> trees) {
        Map<String, StepRead.Parent> parents = new HashMap<>();
        trees.forEach((sha, tree) -> parents.put(sha, new StepRead.Parent(tree, Commits.DAY)));
        return parents;
    }
}
