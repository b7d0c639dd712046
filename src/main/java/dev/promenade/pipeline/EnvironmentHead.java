package dev.promenade.pipeline;

/** The commit an environment's branch points to. */
public record EnvironmentHead(Environment environment, Commit head) {
}
