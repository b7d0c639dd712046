package dev.promenade.pipeline;

/** What GitHub answered about one repository when read as one viewer. */
public sealed interface Reading {

    /** The repository's state, and what this viewer may do with it. */
    record Read(RepositoryAccess access, PipelineStatus status) implements Reading {
    }

    /** GitHub knows no such repository for this viewer: it does not exist, or they may not read it. */
    record Unreadable() implements Reading {
    }

    /** GitHub did not give this repository's state. */
    record Failed(GitHubFailure failure) implements Reading {
    }
}
