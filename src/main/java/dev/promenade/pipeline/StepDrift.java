package dev.promenade.pipeline;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a promotion step would carry from source into target.
 *
 * @param pendingCount       commits to promote: GitHub's {@code ahead_by} for {@code target...source}, less those
 *                           squash promotions already carried into the target
 * @param pending            the first (or all) of them, oldest first
 * @param hotfixes           commits on the target that the source lacks, neither merge commits of earlier
 *                           promotions nor squash promotions, oldest first
 * @param promotionMerges    merge commits on the target that the source lacks, among those read: left by earlier
 *                           promotion PRs, harmless
 * @param targetSha          the target branch head the comparison was made against
 * @param sourceSha          the source branch head
 * @param aheadBy            GitHub's own count of commits in the source that the target lacks (what a pull request lists)
 * @param squashBase         the newest source commit a squash promotion carried into the target, {@code null} when none:
 *                           the commits to promote are those of {@code squashBase...sourceSha}
 * @param squashes           the commits only the target has that are squash promotions of the source (or settled by
 *                           a later one), oldest first
 * @param carriedBy          for the source commits whose content a squash promotion carried, that squash commit (by SHA)
 * @param undecided          commits only the target has that the read could not tell squash promotions from
 *                           hotfixes: the source commits they might carry are further back than it looked
 * @param couldNotTellWithin how many commits the read looked at before it stopped without telling every commit only
 *                           the target has apart; 0 when it told them all
 */
public record StepDrift(PromotionStep step, DriftStatus status, int pendingCount, List<Commit> pending,
        List<Commit> hotfixes, int promotionMerges, String targetSha, String sourceSha, int aheadBy, String squashBase,
        List<Commit> squashes, Map<String, Commit> carriedBy, List<Commit> undecided, int couldNotTellWithin) {

    public StepDrift {
        pending = List.copyOf(pending);
        hotfixes = List.copyOf(hotfixes);
        squashes = squashes == null ? List.of() : List.copyOf(squashes);
        carriedBy = carriedBy == null ? Map.of() : Map.copyOf(carriedBy);
        undecided = undecided == null ? List.of() : List.copyOf(undecided);
    }

    /**
     * Where a step stands, from what one read of it gave (see {@link TargetCommits} for how the
     * commits only the target has are told apart). What is left to promote after a squash promotion
     * is what the source commit it carried does not reach through its parents.
     */
    public static StepDrift of(PromotionStep step, StepRead read) {
        TargetCommits target = new TargetCommits(read);
        Comparison forward = read.forward();
        int pendingCount = forward.aheadBy();
        List<Commit> pending = forward.commits();
        Commit base = target.squashBase();
        if (base != null) {
            pending = notReachedFrom(base, read.window());
            pendingCount = pending.size();
        }
        DriftStatus status;
        if (target.targetHoldsChanges()) {
            status = pendingCount == 0 ? DriftStatus.BEHIND : DriftStatus.DIVERGED;
        } else if (target.unsettled()) {
            status = DriftStatus.UNDECIDED;
        } else {
            status = pendingCount == 0 ? DriftStatus.UP_TO_DATE : DriftStatus.PENDING;
        }
        return new StepDrift(step, status, pendingCount, pending, target.hotfixes(), target.merges(), read.targetSha(),
                read.sourceSha(), forward.aheadBy(), base == null ? null : base.sha(), target.squashes(), target.carriedBy(),
                target.undecided(), target.couldNotTellWithin());
    }

    /** The window's commits {@code base} does not reach through their parents, oldest first. */
    private static List<Commit> notReachedFrom(Commit base, List<Commit> newestFirst) {
        Map<String, Commit> bySha = new HashMap<>();
        newestFirst.forEach(commit -> bySha.put(commit.sha(), commit));
        Set<String> reached = new HashSet<>();
        Deque<String> walk = new ArrayDeque<>(List.of(base.sha()));
        while (!walk.isEmpty()) {
            String sha = walk.pop();
            if (reached.add(sha) && bySha.containsKey(sha)) {
                walk.addAll(bySha.get(sha).parentShas());
            }
        }
        List<Commit> pending = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            if (!reached.contains(newestFirst.get(i).sha())) {
                pending.add(newestFirst.get(i));
            }
        }
        return pending;
    }

    public boolean isUpToDate() {
        return status == DriftStatus.UP_TO_DATE;
    }

    public boolean hasPending() {
        return pendingCount > 0;
    }

    /**
     * Whether promoting needs the user to say they know what the target holds: changes the source
     * lacks, or commits the read could not tell apart.
     */
    public boolean needsConfirmation() {
        return status == DriftStatus.DIVERGED || (status == DriftStatus.UNDECIDED && hasPending());
    }

    /** The target holds changes the source lacks (hotfixes, listed or further back): a back-merge would bring them. */
    public boolean targetHoldsChanges() {
        return status == DriftStatus.DIVERGED || status == DriftStatus.BEHIND;
    }

    /** Whether the read told every commit only the target has apart. */
    public boolean toldApart() {
        return couldNotTellWithin == 0 && undecided.isEmpty();
    }

    /** How far back the read looked, in words: "its newest commit", "its newest 100 commits". */
    public String newestRead() {
        return couldNotTellWithin == 1 ? "its newest commit" : "its newest " + couldNotTellWithin + " commits";
    }

    /**
     * Whether telling the target's own commits apart took the pending commits' content (the target
     * holds squash promotions or hotfixes): a read after its heads move will need them again.
     */
    public boolean toldBySourceContent() {
        return !squashes.isEmpty() || !hotfixes.isEmpty() || !undecided.isEmpty();
    }

    /** Commits GitHub counts as pending that squash promotions already carried into the target. */
    public int promotedBySquash() {
        return aheadBy - pendingCount;
    }

    /** The newest squash promotion in the target, {@code null} when none. */
    public Commit lastSquash() {
        return squashes.isEmpty() ? null : squashes.get(squashes.size() - 1);
    }

    /** How people name the newest squash promotion: its pull request ("#10"), else its short SHA. */
    public String lastSquashName() {
        Commit last = lastSquash();
        return last == null ? null : last.pullRequest() > 0 ? "#" + last.pullRequest() : last.shortSha();
    }

    /** Where the list of commits to promote starts: after the squash base, or at the target head. */
    public String listBase() {
        return squashBase != null ? squashBase : targetSha;
    }

    /**
     * When the oldest commit waiting to enter the target was committed (a rebased commit waits since
     * it was rebased, not since it was first written); {@code null} when nothing waits.
     */
    public Instant oldestPending() {
        if (pendingCount == 0) {
            return null;
        }
        return pending.stream().map(Commit::committedOrAuthored).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
    }

    /** The first {@code count} pending commits. */
    public List<Commit> firstPending(int count) {
        return pending.subList(0, Math.min(count, pending.size()));
    }
}
