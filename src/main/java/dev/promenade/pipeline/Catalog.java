package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The pipelines on the dashboard, in display order.
 *
 * @param defaultChain  the environments of repositories without their own chain
 * @param misconfigured repositories that declare a chain Promenade cannot use, and why
 */
public record Catalog(List<Pipeline> pipelines, List<Environment> defaultChain, List<Misconfigured> misconfigured) {

    /** A repository whose chain file ({@code .github/promenade.yml}) is wrong: shown with its problems, not its drift. */
    public record Misconfigured(RepositoryName repository, List<String> problems) {

        public Misconfigured {
            problems = List.copyOf(problems);
        }
    }

    public Catalog {
        pipelines = List.copyOf(pipelines);
        defaultChain = List.copyOf(defaultChain);
        misconfigured = List.copyOf(misconfigured);
    }

    public Catalog(List<Pipeline> pipelines, List<Environment> defaultChain) {
        this(pipelines, defaultChain, List.of());
    }

    /** The pipeline of a repository, matched case-insensitively as GitHub does. */
    public Optional<Pipeline> find(RepositoryName repository) {
        return pipelines.stream().filter(pipeline -> pipeline.repository().sameAs(repository)).findFirst();
    }
}
