package dev.promenade.pipeline;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What Promenade asks GitHub one repository at a time, with the signed-in user's rights: long
 * commit lists, pull request history, and opening pull requests. Every method fails with
 * {@link GitHubFailure} when GitHub does not give the answer.
 */
public interface RepositoryHost {

    /**
     * Compares {@code baseSha...headSha} as {@code viewer}, reading at least the first {@code limit}
     * commits (all of them when fewer), paging past GitHub's 250-commit cap. Never blocks; may run
     * outside the viewer's request (a live update of their page).
     */
    CompletionStage<Comparison> compare(Viewer viewer, RepositoryName repository, String baseSha, String headSha, int limit);

    /**
     * One page of {@code baseSha...headSha}: the commits {@code (page - 1) * pageSize + 1} to
     * {@code page * pageSize}, oldest first, with the whole comparison's counts; one request to
     * GitHub whatever the comparison's size.
     */
    CompletionStage<Comparison> comparePage(Viewer viewer, RepositoryName repository, String baseSha, String headSha, int page,
            int pageSize);

    /** The pull requests from {@code head} into {@code base} of this repository, any state, most recent first. */
    List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state, int limit);

    /**
     * Opens a pull request as the signed-in user.
     *
     * @throws GitHubFailure of kind {@link GitHubFailure.Kind#UNPROCESSABLE} when GitHub refuses it
     *                       (one already exists, no commits between the branches…)
     */
    PullRequest openPullRequest(RepositoryName repository, String base, String head, String title, String body);
}
