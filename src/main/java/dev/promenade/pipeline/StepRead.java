package dev.promenade.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one read of a step gave, as GitHub answered it: the two heads, GitHub's comparison of them,
 * and the newest commits each side has that the other lacks, as far as they were read. The read
 * fetches; {@link StepDrift#of} decides.
 *
 * @param forward        {@code target...source}: {@code aheadBy} commits to promote as GitHub counts them,
 *                       {@code behindBy} commits only the target has, and the first pending commits, oldest first
 * @param targetOnly     the newest commits only the target has ({@code source...target}), newest first, with
 *                       their trees and parents; all of them when there are no more than {@code behindBy}
 * @param parents        those commits' parents, by SHA: their trees and when they were committed
 * @param window         the newest pending commits, newest first, with their trees and parents; {@code null}
 *                       when not read
 * @param windowComplete whether {@code window} holds every pending commit
 * @param carried        GitHub's word on the newest promotions: for the merge (or squash) commit of each
 *                       merged promotion pull request read, the source commit it carried (the pull request's head)
 */
public record StepRead(String targetSha, String sourceSha, Comparison forward, List<Commit> targetOnly,
        Map<String, Parent> parents, List<Commit> window, boolean windowComplete, Map<String, String> carried) {

    /** A parent of a commit only the target has, as far as telling that commit apart needs it. */
    public record Parent(String treeOid, Instant committedAt) {
    }

    public StepRead {
        targetOnly = List.copyOf(targetOnly);
        parents = Map.copyOf(parents);
        window = window == null ? null : List.copyOf(window);
        carried = carried == null ? Map.of() : Map.copyOf(carried);
    }

    /** The same read with (more of) the newest pending commits. */
    public StepRead withWindow(List<Commit> newestFirst, boolean complete) {
        return new StepRead(targetSha, sourceSha, forward, targetOnly, parents, newestFirst, complete, carried);
    }

    /**
     * Whether older pending commits (the newest ones, when none were read) could still tell a commit
     * only the target has apart (a squash promotion of them, or a hotfix), or hold the one a squash
     * promotion carried. {@code false} once the window holds them all or
     * {@value TargetCommits#WINDOW_LIMIT} of them.
     */
    public boolean wantsWindow() {
        return !new TargetCommits(this).undecided().isEmpty()
                && (window == null || (!windowComplete && window.size() < TargetCommits.WINDOW_LIMIT));
    }
}
