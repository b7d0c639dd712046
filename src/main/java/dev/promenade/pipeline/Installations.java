package dev.promenade.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Who reads a pipeline when nobody looks at it: the GitHub App's installation on its repository,
 * with the installation's token and rate limit rather than a person's.
 */
public interface Installations {

    /** The installation's viewer; empty as an OAuth App, or when the App is not installed on the repository. */
    CompletionStage<Optional<Viewer>> viewer(Pipeline pipeline);

    /** Whether an installation reads the pipeline's repository (its {@link #viewer} is not empty). */
    boolean covers(Pipeline pipeline);
}
