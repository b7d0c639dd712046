package dev.promenade.pipeline;

import java.util.List;

/**
 * Where repositories live (GitHub), seen with the signed-in user's rights. Every method throws
 * {@link GitHubFailure} when GitHub does not give the answer.
 */
public interface RepositoryHost {

    /** What the user may do; {@link GitHubFailure.Kind#NOT_FOUND} when they cannot see the repository. */
    RepositoryAccess access(RepositoryName repository);

    /** The commit a branch points to. Branch names may contain slashes. */
    Commit branchHead(RepositoryName repository, String branch);

    /**
     * Compares {@code baseSha...headSha}, reading at least the first {@code limit} commits (all of
     * them when fewer), paging past GitHub's 250-commit cap.
     */
    Comparison compare(RepositoryName repository, String baseSha, String headSha, int limit);

    /** The open pull requests of a repository, the most recent first (at most the first 100). */
    List<PullRequest> openPullRequests(RepositoryName repository);

    /** The pull requests from {@code head} into {@code base} of this repository, any state, most recent first. */
    List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state, int limit);

    /** One pull request, with its mergeable state. */
    PullRequest pullRequest(RepositoryName repository, int number);

    /**
     * Opens a pull request as the signed-in user.
     *
     * @throws GitHubFailure of kind {@link GitHubFailure.Kind#UNPROCESSABLE} when GitHub refuses it
     *                       (one already exists, no commits between the branches…)
     */
    PullRequest openPullRequest(RepositoryName repository, String base, String head, String title, String body);

    /** The commit statuses and check runs of a commit. */
    Checks checks(RepositoryName repository, String sha);
}
