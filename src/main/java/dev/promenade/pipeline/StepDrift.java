package dev.promenade.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a promotion step would carry from source into target.
 *
 * @param pendingCount    commits to promote: GitHub's {@code ahead_by} for {@code target...source}, less those
 *                        squash promotions already carried into the target
 * @param pending         the first (or all) of them, oldest first
 * @param hotfixes        commits on the target that the source lacks, neither merge commits of earlier
 *                        promotions nor squash promotions
 * @param promotionMerges merge commits on the target that the source lacks: left by earlier promotion PRs, harmless
 * @param targetSha       the target branch head the comparison was made against
 * @param sourceSha       the source branch head
 * @param aheadBy         GitHub's own count of commits in the source that the target lacks (what a pull request lists)
 * @param squashBase      the newest source commit a squash promotion carried into the target, {@code null} when none:
 *                        the commits to promote are those of {@code squashBase...sourceSha}
 * @param squashes        the commits only the target has that are squash promotions of the source, oldest first
 * @param carriedBy       for the source commits whose content a squash promotion carried, that squash commit (by SHA)
 */
public record StepDrift(PromotionStep step, DriftStatus status, int pendingCount, List<Commit> pending,
        List<Commit> hotfixes, int promotionMerges, String targetSha, String sourceSha, int aheadBy, String squashBase,
        List<Commit> squashes, Map<String, Commit> carriedBy) {

    public StepDrift {
        pending = List.copyOf(pending);
        hotfixes = List.copyOf(hotfixes);
        squashes = List.copyOf(squashes);
        carriedBy = carriedBy == null ? Map.of() : Map.copyOf(carriedBy);
    }

    /**
     * Classifies a step from the comparison {@code target...source} and the commits only the target has.
     *
     * @param targetOnly          the commits of {@code source...target}, as far as they were read, oldest first
     * @param targetOnlyComplete  whether {@code targetOnly} holds all of them; if not, the unread ones
     *                            are assumed to be real changes
     */
    public static StepDrift classify(PromotionStep step, String targetSha, String sourceSha, Comparison forward,
            List<Commit> targetOnly, boolean targetOnlyComplete) {
        return classify(step, targetSha, sourceSha, forward, targetOnly, targetOnlyComplete, null);
    }

    /**
     * Classifies a step, recognising squash promotions: a commit only the target has whose tree equals
     * the tree of a source commit carried the source up to that commit into the target. The newest
     * such commit settles everything before it on the target (the target's content then equalled the
     * source's); later ones are squashes if their trees match too, hotfixes if not. The commits to
     * promote are those of the source the squash base does not reach.
     *
     * @param window the newest commits of {@code target...source}, newest first, with trees and parents;
     *               {@code null} when not read (no
     *               commit only the target has could be a squash)
     */
    public static StepDrift classify(PromotionStep step, String targetSha, String sourceSha, Comparison forward,
            List<Commit> targetOnly, boolean targetOnlyComplete, List<Commit> window) {
        Map<String, Commit> byTree = new HashMap<>();
        if (window != null) {
            window.forEach(commit -> {
                if (commit.treeOid() != null) {
                    byTree.putIfAbsent(commit.treeOid(), commit);
                }
            });
        }
        int settled = -1;
        for (int i = targetOnly.size() - 1; i >= 0 && settled < 0; i--) {
            if (!targetOnly.get(i).isMerge() && byTree.containsKey(targetOnly.get(i).treeOid())) {
                settled = i;
            }
        }
        List<Commit> hotfixes = new ArrayList<>();
        List<Commit> squashes = new ArrayList<>();
        Map<String, Commit> carriedBy = new HashMap<>();
        int merges = 0;
        for (int i = 0; i < targetOnly.size(); i++) {
            Commit commit = targetOnly.get(i);
            if (commit.isMerge()) {
                merges++;
            } else if (i <= settled || byTree.containsKey(commit.treeOid())) {
                squashes.add(commit);
                if (byTree.containsKey(commit.treeOid())) {
                    carriedBy.put(byTree.get(commit.treeOid()).sha(), commit);
                }
            } else {
                hotfixes.add(commit);
            }
        }
        int pendingCount = forward.aheadBy();
        List<Commit> pending = forward.commits();
        String squashBase = null;
        if (settled >= 0) {
            Commit base = byTree.get(targetOnly.get(settled).treeOid());
            squashBase = base.sha();
            pending = notReachedFrom(base, window);
            pendingCount = pending.size();
        }
        boolean realChangesOnTarget = !hotfixes.isEmpty() || !targetOnlyComplete;
        DriftStatus status;
        if (pendingCount == 0) {
            status = realChangesOnTarget ? DriftStatus.BEHIND : DriftStatus.UP_TO_DATE;
        } else {
            status = realChangesOnTarget ? DriftStatus.DIVERGED : DriftStatus.PENDING;
        }
        return new StepDrift(step, status, pendingCount, pending, hotfixes, merges, targetSha, sourceSha, forward.aheadBy(),
                squashBase, squashes, carriedBy);
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

    public boolean hasHotfixes() {
        return !hotfixes.isEmpty();
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

    /** The first {@code count} pending commits. */
    public List<Commit> firstPending(int count) {
        return pending.subList(0, Math.min(count, pending.size()));
    }
}
