package dev.promenade.pipeline;

/**
 * What GitHub lets the signed-in user do with a repository.
 *
 * @param htmlUrl the repository's page on GitHub, the base for commit and pull request links
 */
public record RepositoryAccess(boolean read, boolean push, boolean isPrivate, String htmlUrl) {
}
