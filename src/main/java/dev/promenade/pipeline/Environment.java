package dev.promenade.pipeline;

/**
 * A running environment and the branch that deploys to it.
 *
 * @param url where the environment runs, or {@code null} when not configured
 */
public record Environment(String name, String branch, String url) {
}
