package dev.promenade.github;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The parts of GitHub's REST responses Promenade reads; the names are GitHub's. */
final class GitHubJson {

    private GitHubJson() {
    }

    record Commit(String sha, @JsonProperty("html_url") String htmlUrl, GitCommit commit, Account author,
            List<Parent> parents) {
    }

    record GitCommit(String message, Signature author, Signature committer, Tree tree) {
    }

    record Signature(String name, String email, Instant date) {
    }

    /** A GitHub account; {@code null} in a commit whose e-mail matches no account. */
    record Account(String login, @JsonProperty("avatar_url") String avatarUrl) {
    }

    record Tree(String sha) {
    }

    record Parent(String sha) {
    }

    record Comparison(String status, @JsonProperty("ahead_by") int aheadBy, @JsonProperty("behind_by") int behindBy,
            @JsonProperty("total_commits") int totalCommits, List<Commit> commits) {
    }

    record PullRequest(int number, String title, @JsonProperty("html_url") String htmlUrl, String state, Account user,
            Ref base, Ref head, @JsonProperty("created_at") Instant createdAt, @JsonProperty("merged_at") Instant mergedAt,
            @JsonProperty("mergeable_state") String mergeableState) {
    }

    /** A pull request's end: {@code ref} is the branch, {@code label} is {@code owner:branch}. */
    record Ref(String ref, String label, String sha) {
    }

    record NewPullRequest(String title, String head, String base, String body, boolean draft) {
    }

    /** GitHub's error body; validation failures (422) say what failed in {@code errors}. */
    record Error(String message, List<ErrorDetail> errors) {
    }

    record ErrorDetail(String resource, String field, String code, String message) {
    }
}
