package dev.promenade.auth;

import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryAccess;

/** A configured pipeline whose repository the signed-in user may read, with what else they may do. */
public record ReadableRepository(Pipeline pipeline, RepositoryAccess access) {
}
