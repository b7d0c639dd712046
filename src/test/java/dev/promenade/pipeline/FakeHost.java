package dev.promenade.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** GitHub as a few maps: branch heads, comparisons keyed {@code base...head}, pull requests, checks. */
final class FakeHost implements RepositoryHost {

    final Map<String, Commit> heads = new HashMap<>();
    final Map<String, Comparison> comparisons = new HashMap<>();
    final Map<String, Checks> checks = new HashMap<>();
    final List<PullRequest> pullRequests = new ArrayList<>();
    volatile GitHubFailure failure;
    volatile int lastLimit;
    /** When set, opening a pull request fails with what it supplies (after creating it, if {@code createAnyway}). */
    volatile Supplier<GitHubFailure> openFailure;
    volatile boolean createAnyway;
    int opened;

    @Override
    public RepositoryAccess access(RepositoryName repository) {
        return new RepositoryAccess(true, true, false, "https://github.example.com/" + repository);
    }

    @Override
    public Commit branchHead(RepositoryName repository, String branch) {
        failIfDown();
        Commit head = heads.get(branch);
        if (head == null) {
            throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no branch " + branch);
        }
        return head;
    }

    @Override
    public Comparison compare(RepositoryName repository, String baseSha, String headSha, int limit) {
        failIfDown();
        lastLimit = limit;
        Comparison comparison = comparisons.get(baseSha + "..." + headSha);
        if (comparison == null) {
            throw new GitHubFailure(GitHubFailure.Kind.NOT_FOUND, 404, "no comparison");
        }
        return comparison;
    }

    @Override
    public synchronized List<PullRequest> openPullRequests(RepositoryName repository) {
        failIfDown();
        return pullRequests.stream().filter(PullRequest::isOpen).toList();
    }

    @Override
    public synchronized List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state,
            int limit) {
        failIfDown();
        return pullRequests.stream().filter(pr -> pr.promotes(head, base))
                .filter(pr -> state.equals("all") || pr.state().equals(state)).limit(limit).toList();
    }

    @Override
    public synchronized PullRequest pullRequest(RepositoryName repository, int number) {
        failIfDown();
        PullRequest listed = pullRequests.stream().filter(pr -> pr.number() == number).findFirst().orElseThrow();
        return new PullRequest(listed.number(), listed.title(), listed.htmlUrl(), listed.state(), listed.author(),
                listed.baseBranch(), listed.headBranch(), listed.createdAt(), listed.mergedAt(), "clean");
    }

    @Override
    public synchronized PullRequest openPullRequest(RepositoryName repository, String base, String head, String title,
            String body) {
        PullRequest created = new PullRequest(100 + pullRequests.size(), title, "https://github.example.com/" + repository + "/pull/"
                + (100 + pullRequests.size()), "open", "alice", base, head, Instant.parse("2026-11-26T10:00:00Z"), null, null);
        if (openFailure != null) {
            GitHubFailure failed = openFailure.get();
            openFailure = null;
            if (createAnyway) {
                pullRequests.add(created);
            }
            throw failed;
        }
        opened++;
        pullRequests.add(created);
        return created;
    }

    @Override
    public Checks checks(RepositoryName repository, String sha) {
        failIfDown();
        return checks.getOrDefault(sha, Checks.of(List.of()));
    }

    private void failIfDown() {
        if (failure != null) {
            throw failure;
        }
    }
}
