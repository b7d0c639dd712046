package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;

/** The configured pipelines, in configuration order. */
public record Catalog(List<Pipeline> pipelines) {

    public Catalog {
        pipelines = List.copyOf(pipelines);
    }

    /** The configured pipeline of a repository, matched case-insensitively as GitHub does. */
    public Optional<Pipeline> find(RepositoryName repository) {
        return pipelines.stream().filter(pipeline -> pipeline.repository().sameAs(repository)).findFirst();
    }
}
