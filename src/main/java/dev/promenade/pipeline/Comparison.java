package dev.promenade.pipeline;

import java.util.List;

/**
 * GitHub's comparison {@code base...head}.
 *
 * @param aheadBy  commits in head that base lacks (GitHub's {@code ahead_by})
 * @param behindBy commits in base that head lacks
 * @param commits  the first (or all) of the {@code aheadBy} commits, oldest first as GitHub orders them
 */
public record Comparison(int aheadBy, int behindBy, List<Commit> commits) {

    public Comparison {
        commits = List.copyOf(commits);
    }
}
