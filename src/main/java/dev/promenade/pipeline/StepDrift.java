package dev.promenade.pipeline;

import java.util.List;

/**
 * What a promotion step would carry from source into target.
 *
 * @param pendingCount    commits to promote, GitHub's {@code ahead_by} for {@code target...source}
 * @param pending         the first (or all) of them, oldest first
 * @param hotfixes        non-merge commits on the target that the source lacks
 * @param promotionMerges merge commits on the target that the source lacks: left by earlier promotion PRs, harmless
 * @param targetSha       the target branch head the comparison was made against
 * @param sourceSha       the source branch head
 */
public record StepDrift(PromotionStep step, DriftStatus status, int pendingCount, List<Commit> pending,
        List<Commit> hotfixes, int promotionMerges, String targetSha, String sourceSha) {

    public StepDrift {
        pending = List.copyOf(pending);
        hotfixes = List.copyOf(hotfixes);
    }

    /**
     * Classifies a step from the comparison {@code target...source} and the commits only the target has.
     *
     * @param targetOnly          the commits of {@code source...target}, as far as they were read
     * @param targetOnlyComplete  whether {@code targetOnly} holds all of them; if not, the unread ones
     *                            are assumed to be real changes
     */
    public static StepDrift classify(PromotionStep step, String targetSha, String sourceSha, Comparison forward,
            List<Commit> targetOnly, boolean targetOnlyComplete) {
        List<Commit> hotfixes = targetOnly.stream().filter(commit -> !commit.isMerge()).toList();
        int merges = targetOnly.size() - hotfixes.size();
        boolean realChangesOnTarget = !hotfixes.isEmpty() || !targetOnlyComplete;
        DriftStatus status;
        if (forward.aheadBy() == 0) {
            status = realChangesOnTarget ? DriftStatus.BEHIND : DriftStatus.UP_TO_DATE;
        } else {
            status = realChangesOnTarget ? DriftStatus.DIVERGED : DriftStatus.PENDING;
        }
        return new StepDrift(step, status, forward.aheadBy(), forward.commits(), hotfixes, merges, targetSha, sourceSha);
    }

    public boolean isUpToDate() {
        return status == DriftStatus.UP_TO_DATE;
    }

    public boolean hasPending() {
        return pendingCount > 0;
    }

    public boolean hasHotfixes() {
        return !hotfixes.isEmpty();
    }

    /** The first {@code count} pending commits. */
    public List<Commit> firstPending(int count) {
        return pending.subList(0, Math.min(count, pending.size()));
    }
}
