package dev.promenade.pipeline;

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
}
