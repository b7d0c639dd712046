package dev.promenade.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Reads many repositories from GitHub at once, as one viewer, without blocking a thread. Every
 * stage fails with a {@link GitHubFailure} when GitHub answers nothing usable at all (the token was
 * revoked, the rate limit is exhausted…); a problem with one repository is that repository's
 * {@link Reading.Failed}.
 */
public interface PipelineReader {

    /**
     * Every pipeline's heads, steps, checks and promotion pull requests.
     *
     * @param known the last status read of a pipeline ({@code null} when none): comparisons of heads
     *              that have not moved since are taken from it rather than read again
     */
    CompletionStage<Map<Pipeline, Reading>> read(List<Pipeline> pipelines, Viewer viewer,
            Function<Pipeline, PipelineStatus> known);

    /**
     * What the viewer may do with each repository: empty when they may not read it. A repository
     * GitHub failed to answer for is missing from the map.
     */
    CompletionStage<Map<RepositoryName, Optional<RepositoryAccess>>> access(List<RepositoryName> repositories,
            Viewer viewer);

    /**
     * What CI says about each of the commits of one repository, by SHA (at most 100 at a time); a
     * commit GitHub does not know is missing from the map.
     */
    CompletionStage<Map<String, Checks>> checks(RepositoryName repository, List<String> shas, Viewer viewer);
}
