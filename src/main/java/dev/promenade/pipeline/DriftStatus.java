package dev.promenade.pipeline;

import java.util.Locale;

/** Where a promotion step stands. */
public enum DriftStatus {
    /** Nothing to promote. */
    UP_TO_DATE,
    /** Commits to promote, and the target holds nothing the source lacks but merge commits of earlier promotions. */
    PENDING,
    /** Commits to promote, and the target holds real changes the source lacks: not auto-mergeable. */
    DIVERGED,
    /** Nothing to promote, and the target holds real changes the source lacks: a hotfix awaiting back-merge. */
    BEHIND,
    /**
     * The target holds commits the read could not tell promotions from hotfixes within its bounds:
     * the status is not guessed either way.
     */
    UNDECIDED;

    /** The value of the {@code data-status} hook and CSS class. */
    public String hook() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
