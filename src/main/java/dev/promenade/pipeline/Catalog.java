package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The configured pipelines, in configuration order.
 *
 * @param defaultChain the environments of repositories without their own chain
 */
public record Catalog(List<Pipeline> pipelines, List<Environment> defaultChain) {

    public Catalog {
        pipelines = List.copyOf(pipelines);
        defaultChain = List.copyOf(defaultChain);
    }

    /** The configured pipeline of a repository, matched case-insensitively as GitHub does. */
    public Optional<Pipeline> find(RepositoryName repository) {
        return pipelines.stream().filter(pipeline -> pipeline.repository().sameAs(repository)).findFirst();
    }
}
