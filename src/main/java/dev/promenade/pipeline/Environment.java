package dev.promenade.pipeline;

/**
 * A running environment and the branch that deploys to it.
 *
 * @param url                where the environment runs, or {@code null} when not configured
 * @param requireGreenChecks whether promoting into it waits for the source head's checks to pass
 */
public record Environment(String name, String branch, String url, boolean requireGreenChecks) {

    public Environment(String name, String branch, String url) {
        this(name, branch, url, false);
    }
}
