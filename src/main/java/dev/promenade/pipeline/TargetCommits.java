package dev.promenade.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tells apart the commits only a step's target has: promotions of the source (merge commits and
 * squashes of earlier promotions) and the target's own changes (hotfixes). Decided by content near
 * the heads, so that neither the verdict nor its cost depends on how long the history is:
 * <ul>
 * <li>a <em>checkpoint</em> is a commit only the target has whose content (tree) equals that of a
 * source commit: a merge commit equal to its source parent, or a squash equal to a pending commit it
 * carried. At a checkpoint the target held nothing the source lacks, so it settles every commit
 * behind it, however many promotions, hotfixes since reverted or back-merged, or squashes;</li>
 * <li>the commits between the target's head and its checkpoints are what the target changed since:
 * merge commits (promotions, harmless in themselves), and single-parent commits carrying no source
 * commit's content: hotfixes. A merge commit that differs from its source parent shows the target
 * held changes the source lacked when it was made, however far back they are.</li>
 * </ul>
 * A squash carries a source commit made before it, so the pending commits are read newest first
 * only until they are older (by committer date: a rebase keeps author dates) than the target commits
 * still to be told apart. What the reads' bounds leave unsettled is said, not guessed.
 */
final class TargetCommits {

    /** Pending commits read at most, newest first, to find the source commits squashes carried. */
    static final int WINDOW_LIMIT = 500;
    /** How far clocks may disagree: a pending commit this much older than a target commit cannot be what it carried. */
    private static final Duration CLOCK_LEEWAY = Duration.ofDays(1);

    private final StepRead read;
    private final Map<String, Commit> targetOnly = new LinkedHashMap<>();
    private final Map<String, Commit> sourceByTree = new HashMap<>();
    /** All commits only the target has were read: a parent that is not among them is a source commit. */
    private final boolean allRead;
    /** When the oldest of the commits read was committed: a parent committed before it may be one not read. */
    private final Instant oldestRead;

    private final List<Commit> hotfixes = new ArrayList<>();
    private final List<Commit> squashes = new ArrayList<>();
    private final List<Commit> undecided = new ArrayList<>();
    private final Map<String, Commit> carriedBy = new HashMap<>();
    private int merges;
    /** The target's own line goes on past the commits read, unsettled. */
    private boolean beyondRead;
    /** A merge commit of the source differs from it: the target held changes the source lacked. */
    private boolean changesBeforeMerges;
    /**
     * A squash promotion GitHub names differs from the source commit it carried: the target held
     * changes the source lacked before its newest this many commits; 0 when none did.
     */
    private int changesBeforePromotion;
    private Commit squashBase;

    TargetCommits(StepRead read) {
        this.read = read;
        read.targetOnly().forEach(commit -> targetOnly.put(commit.sha(), commit));
        if (read.window() != null) {
            read.window().forEach(commit -> {
                if (commit.treeOid() != null) {
                    sourceByTree.putIfAbsent(commit.treeOid(), commit);
                }
            });
        }
        allRead = targetOnly.size() >= read.forward().behindBy();
        oldestRead = read.targetOnly().stream().map(Commit::committedOrAuthored).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        Set<String> live = new HashSet<>();
        Set<String> checkpoints = new HashSet<>();
        Set<String> promotions = new HashSet<>();
        walkFromHead(live, checkpoints, promotions);
        Set<String> settled = behind(checkpoints);
        Set<String> behindPromotions = behind(promotions);
        List<Commit> newestFirst = read.targetOnly();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            Commit commit = newestFirst.get(i);
            if (commit.isMerge()) {
                merges++;
                changesBeforeMerges |= live.contains(commit.sha()) && mergesOtherContent(commit);
            } else if (settled.contains(commit.sha())) {
                squashes.add(commit);
                Commit carried = sourceByTree.get(commit.treeOid());
                if (carried != null) {
                    carriedBy.put(carried.sha(), commit);
                }
            } else if (promotions.contains(commit.sha())) {
                if (carriedSourceRead(commit) == null) {
                    undecided.add(commit);
                } else {
                    squashes.add(commit);
                    changesBeforePromotion = Math.max(changesBeforePromotion, i + 1);
                }
            } else if (behindPromotions.contains(commit.sha())) {
                // Behind a promotion that carried more than the source had: among them the change it carried.
                continue;
            } else if (decidable(commit)) {
                hotfixes.add(commit);
            } else {
                undecided.add(commit);
            }
        }
        squashBase = firstStopOnTheTargetsLine(checkpoints, promotions);
    }

    /**
     * Walks from the target's head to its parents among the commits read, stopping at checkpoints
     * and at squash promotions GitHub names (a merged promotion pull request's squash commit):
     * {@code live} gets the commits on the way, {@code checkpoints} and {@code promotions} those it
     * stopped at.
     */
    private void walkFromHead(Set<String> live, Set<String> checkpoints, Set<String> promotions) {
        if (!targetOnly.containsKey(read.targetSha())) {
            beyondRead = !allRead;
            return;
        }
        Deque<String> todo = new ArrayDeque<>(List.of(read.targetSha()));
        while (!todo.isEmpty()) {
            Commit commit = targetOnly.get(todo.pop());
            if (live.contains(commit.sha()) || checkpoints.contains(commit.sha()) || promotions.contains(commit.sha())) {
                continue;
            }
            if (isCheckpoint(commit)) {
                checkpoints.add(commit.sha());
                continue;
            }
            if (!commit.isMerge() && read.carried().containsKey(commit.sha())) {
                promotions.add(commit.sha());
                continue;
            }
            live.add(commit.sha());
            for (String parent : commit.parentShas()) {
                if (targetOnly.containsKey(parent)) {
                    todo.push(parent);
                } else if (!isSource(parent)) {
                    // The target's own line may go on among the commits not read.
                    beyondRead = true;
                }
            }
        }
    }

    /** The commits read behind the checkpoints, the checkpoints included. */
    private Set<String> behind(Collection<String> checkpoints) {
        Set<String> settled = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(checkpoints);
        while (!todo.isEmpty()) {
            String sha = todo.pop();
            if (settled.add(sha)) {
                targetOnly.get(sha).parentShas().stream().filter(targetOnly::containsKey).forEach(todo::push);
            }
        }
        return settled;
    }

    private boolean isCheckpoint(Commit commit) {
        if (commit.treeOid() == null) {
            return false;
        }
        if (commit.isMerge()) {
            return commit.parentShas().stream().anyMatch(parent -> isSource(parent) && read.parents().containsKey(parent)
                    && commit.treeOid().equals(read.parents().get(parent).treeOid()));
        }
        return sourceByTree.containsKey(commit.treeOid());
    }

    /**
     * Whether a parent of a commit read is a source commit: it is not among the commits only the
     * target has, and could not be one of those not read, all of which were committed before the
     * oldest one read (GitHub lists them newest last).
     */
    private boolean isSource(String parent) {
        if (targetOnly.containsKey(parent)) {
            return false;
        }
        StepRead.Parent known = read.parents().get(parent);
        return allRead || (known != null && known.committedAt() != null && oldestRead != null
                && !known.committedAt().isBefore(oldestRead));
    }

    /** A merge commit of a source commit whose content it does not equal (else it would be a checkpoint). */
    private boolean mergesOtherContent(Commit merge) {
        return merge.parentShas().stream().anyMatch(parent -> isSource(parent) && read.parents().containsKey(parent));
    }

    /**
     * Whether the pending commits read tell a single-parent commit apart: nothing is pending for it
     * to have carried, all pending commits were read, or they reach back before it was made.
     */
    private boolean decidable(Commit commit) {
        if (read.forward().aheadBy() == 0) {
            return true;
        }
        List<Commit> window = read.window();
        if (window == null) {
            return false;
        }
        if (read.windowComplete()) {
            return true;
        }
        Instant made = commit.committedOrAuthored();
        Instant oldestPendingRead = window.isEmpty() ? null : window.get(window.size() - 1).committedOrAuthored();
        return made != null && oldestPendingRead != null && oldestPendingRead.isBefore(made.minus(CLOCK_LEEWAY));
    }

    /**
     * The source commit the first squash on the target's first-parent line carried, by content or
     * by GitHub's word; {@code null} when that line meets a merge checkpoint first, or nothing.
     */
    private Commit firstStopOnTheTargetsLine(Set<String> checkpoints, Set<String> promotions) {
        String sha = read.targetSha();
        Set<String> seen = new HashSet<>();
        while (sha != null && targetOnly.containsKey(sha) && seen.add(sha)) {
            Commit commit = targetOnly.get(sha);
            if (checkpoints.contains(sha)) {
                return commit.isMerge() ? null : sourceByTree.get(commit.treeOid());
            }
            if (promotions.contains(sha)) {
                return carriedSourceRead(commit);
            }
            sha = commit.parentShas().isEmpty() ? null : commit.parentShas().get(0);
        }
        return null;
    }

    /** The pending commit a squash promotion carried, as GitHub says, if read; {@code null} otherwise. */
    private Commit carriedSourceRead(Commit squash) {
        String carried = read.carried().get(squash.sha());
        return read.window() == null ? null
                : read.window().stream().filter(commit -> commit.sha().equals(carried)).findFirst().orElse(null);
    }

    /** Hotfixes found, oldest first. */
    List<Commit> hotfixes() {
        return hotfixes;
    }

    /** Squash promotions (and commits settled by a later checkpoint), oldest first. */
    List<Commit> squashes() {
        return squashes;
    }

    /** Single-parent commits the pending commits read could not tell squashes from hotfixes, oldest first. */
    List<Commit> undecided() {
        return undecided;
    }

    Map<String, Commit> carriedBy() {
        return carriedBy;
    }

    int merges() {
        return merges;
    }

    /** The source commit the newest squash promotion carried, {@code null} when none settles the target. */
    Commit squashBase() {
        return squashBase;
    }

    /**
     * The target holds changes the source lacks: a hotfix read, or one further back shown by a later
     * merge or squash promotion.
     */
    boolean targetHoldsChanges() {
        return !hotfixes.isEmpty() || (beyondRead && changesBeforeMerges) || changesBeforePromotion > 0;
    }

    /**
     * How many commits the read looked at before it stopped without telling everything apart, 0 when
     * it told everything: the pending commits read when some target commits stay undecided, else the
     * target's commits read when its own line goes on past them, else the newest commits down to a
     * squash promotion that carried changes the source lacked.
     */
    int couldNotTellWithin() {
        if (!undecided.isEmpty()) {
            return read.window() == null ? 0 : read.window().size();
        }
        return beyondRead ? targetOnly.size() : changesBeforePromotion;
    }

    /** Whether what stays untold could hide a hotfix the status would otherwise not show. */
    boolean unsettled() {
        return !undecided.isEmpty() || (beyondRead && !targetHoldsChanges());
    }
}
