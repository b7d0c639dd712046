package dev.promenade.sandbox;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import dev.promenade.sandbox.SandboxRepository.Role;

/** Builds GitHub's JSON shapes (as in the recordings under src/test/resources/github-recordings). */
final class SandboxJson {

    private final String api;
    private final String web;

    SandboxJson(String api, String web) {
        this.api = api;
        this.web = web;
    }

    Map<String, Object> user(DemoUser user) {
        Map<String, Object> json = account(user);
        json.put("name", user.name());
        json.put("company", "ACME");
        json.put("email", user.email());
        return json;
    }

    Map<String, Object> account(DemoUser user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("login", user.login());
        json.put("id", user.id());
        json.put("node_id", "U_sandbox" + user.id());
        json.put("avatar_url", avatarUrl(user));
        json.put("gravatar_id", "");
        String self = api + "/users/" + user.login();
        json.put("url", self);
        json.put("html_url", web + "/" + user.login());
        json.put("followers_url", self + "/followers");
        json.put("following_url", self + "/following{/other_user}");
        json.put("gists_url", self + "/gists{/gist_id}");
        json.put("starred_url", self + "/starred{/owner}{/repo}");
        json.put("subscriptions_url", self + "/subscriptions");
        json.put("organizations_url", self + "/orgs");
        json.put("repos_url", self + "/repos");
        json.put("events_url", self + "/events{/privacy}");
        json.put("received_events_url", self + "/received_events");
        json.put("type", user.type());
        json.put("site_admin", false);
        return json;
    }

    String avatarUrl(DemoUser user) {
        return web + "/avatars/u/" + user.id();
    }

    Map<String, Object> repository(SandboxRepository repo, Optional<Role> role) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", Math.abs((long) repo.fullName().hashCode()));
        json.put("node_id", "R_sandbox_" + repo.name());
        json.put("name", repo.name());
        json.put("full_name", repo.fullName());
        json.put("private", repo.isPrivate());
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("login", repo.owner());
        owner.put("type", "Organization");
        owner.put("html_url", web + "/" + repo.owner());
        json.put("owner", owner);
        json.put("html_url", web + "/" + repo.fullName());
        json.put("url", api + "/repos/" + repo.fullName());
        json.put("default_branch", repo.defaultBranch());
        json.put("visibility", repo.isPrivate() ? "private" : "public");
        role.ifPresent(r -> {
            Map<String, Object> permissions = new LinkedHashMap<>();
            permissions.put("admin", r == Role.ADMIN);
            permissions.put("maintain", r == Role.ADMIN);
            permissions.put("push", r != Role.READ);
            permissions.put("triage", r != Role.READ);
            permissions.put("pull", true);
            json.put("permissions", permissions);
        });
        return json;
    }

    Map<String, Object> branch(SandboxRepository repo, String name, RevCommit head) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("commit", commit(repo, head));
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", api + "/repos/" + repo.fullName() + "/branches/" + name);
        links.put("html", web + "/" + repo.fullName() + "/tree/" + name);
        json.put("_links", links);
        json.put("protected", false);
        return json;
    }

    Map<String, Object> commit(SandboxRepository repo, RevCommit commit) {
        String sha = commit.name();
        String base = api + "/repos/" + repo.fullName();
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("author", signature(commit.getAuthorIdent()));
        git.put("committer", signature(commit.getCommitterIdent()));
        git.put("message", commit.getFullMessage().stripTrailing());
        git.put("tree", Map.of("sha", commit.getTree().name(), "url", base + "/git/trees/" + commit.getTree().name()));
        git.put("url", base + "/git/commits/" + sha);
        git.put("comment_count", 0);
        Map<String, Object> verification = new LinkedHashMap<>();
        verification.put("verified", false);
        verification.put("reason", "unsigned");
        verification.put("signature", null);
        verification.put("payload", null);
        git.put("verification", verification);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sha", sha);
        json.put("node_id", "C_sandbox_" + sha);
        json.put("commit", git);
        json.put("url", base + "/commits/" + sha);
        json.put("html_url", web + "/" + repo.fullName() + "/commit/" + sha);
        json.put("comments_url", base + "/commits/" + sha + "/comments");
        json.put("author", DemoUser.byEmail(commit.getAuthorIdent().getEmailAddress()).map(this::account).orElse(null));
        json.put("committer", DemoUser.byEmail(commit.getCommitterIdent().getEmailAddress()).map(this::account).orElse(null));
        List<Map<String, Object>> parents = new ArrayList<>();
        for (RevCommit parent : commit.getParents()) {
            parents.add(Map.of("sha", parent.name(), "url", base + "/commits/" + parent.name(),
                    "html_url", web + "/" + repo.fullName() + "/commit/" + parent.name()));
        }
        json.put("parents", parents);
        return json;
    }

    Map<String, Object> file(SandboxRepository repo, String head, String path) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("filename", path);
        json.put("status", "added");
        json.put("additions", 1);
        json.put("deletions", 0);
        json.put("changes", 1);
        json.put("blob_url", web + "/" + repo.fullName() + "/blob/" + head + "/" + path);
        json.put("raw_url", web + "/" + repo.fullName() + "/raw/" + head + "/" + path);
        json.put("contents_url", api + "/repos/" + repo.fullName() + "/contents/" + path + "?ref=" + head);
        return json;
    }

    /**
     * A pull request as GitHub lists it; {@code detailed} adds what only the single pull request
     * answer carries (merged, mergeable, counts).
     *
     * @param mergeable whether it merges cleanly, {@code null} when GitHub has not computed it yet
     */
    Map<String, Object> pull(SandboxRepository repo, SandboxPull pull, boolean detailed, Boolean mergeable,
            String mergeableState) {
        String self = api + "/repos/" + repo.fullName() + "/pulls/" + pull.number;
        String page = web + "/" + repo.fullName() + "/pull/" + pull.number;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", self);
        json.put("id", 100000L + pull.number);
        json.put("node_id", "PR_sandbox_" + repo.name() + "_" + pull.number);
        json.put("html_url", page);
        json.put("diff_url", page + ".diff");
        json.put("patch_url", page + ".patch");
        json.put("issue_url", api + "/repos/" + repo.fullName() + "/issues/" + pull.number);
        json.put("number", pull.number);
        json.put("state", pull.state);
        json.put("locked", false);
        json.put("title", pull.title);
        json.put("user", DemoUser.byLogin(pull.author).map(this::account).orElse(null));
        json.put("body", pull.body);
        json.put("created_at", time(pull.createdAt));
        json.put("updated_at", time(pull.mergedAt != null ? pull.mergedAt : pull.createdAt));
        json.put("closed_at", time(pull.closedAt));
        json.put("merged_at", time(pull.mergedAt));
        json.put("merge_commit_sha", pull.mergeCommitSha);
        json.put("assignee", null);
        json.put("assignees", List.of());
        json.put("requested_reviewers", List.of());
        json.put("requested_teams", List.of());
        json.put("labels", List.of());
        json.put("milestone", null);
        json.put("draft", false);
        json.put("commits_url", self + "/commits");
        json.put("review_comments_url", self + "/comments");
        json.put("review_comment_url", api + "/repos/" + repo.fullName() + "/pulls/comments{/number}");
        json.put("comments_url", api + "/repos/" + repo.fullName() + "/issues/" + pull.number + "/comments");
        json.put("statuses_url", api + "/repos/" + repo.fullName() + "/statuses/" + pull.headSha);
        json.put("head", end(repo, pull.head, pull.headSha));
        json.put("base", end(repo, pull.base, pull.baseSha));
        json.put("_links", Map.of("self", Map.of("href", self), "html", Map.of("href", page)));
        json.put("author_association", "MEMBER");
        json.put("auto_merge", null);
        json.put("active_lock_reason", null);
        if (detailed) {
            json.put("merged", pull.mergedAt != null);
            json.put("mergeable", mergeable);
            json.put("rebaseable", mergeable);
            json.put("mergeable_state", mergeableState);
            json.put("merged_by", pull.mergedBy == null ? null : DemoUser.byLogin(pull.mergedBy).map(this::account).orElse(null));
            json.put("comments", 0);
            json.put("review_comments", 0);
            json.put("maintainer_can_modify", false);
            json.put("commits", 1);
            json.put("additions", 1);
            json.put("deletions", 0);
            json.put("changed_files", 1);
        }
        return json;
    }

    private Map<String, Object> end(SandboxRepository repo, String branch, String sha) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", repo.owner() + ":" + branch);
        json.put("ref", branch);
        json.put("sha", sha);
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("login", repo.owner());
        owner.put("type", "Organization");
        json.put("user", owner);
        json.put("repo", repository(repo, Optional.empty()));
        return json;
    }

    Map<String, Object> combinedStatus(SandboxRepository repo, String sha, List<SandboxRepository.Status> statuses) {
        List<Map<String, Object>> items = new ArrayList<>();
        long id = 1;
        for (SandboxRepository.Status status : statuses) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("url", api + "/repos/" + repo.fullName() + "/statuses/" + sha);
            item.put("id", id++);
            item.put("state", status.state());
            item.put("description", status.description());
            item.put("target_url", status.targetUrl());
            item.put("context", status.context());
            item.put("created_at", time(status.createdAt()));
            item.put("updated_at", time(status.createdAt()));
            items.add(item);
        }
        String state = statuses.isEmpty() ? "pending"
                : statuses.stream().anyMatch(s -> s.state().equals("failure") || s.state().equals("error")) ? "failure"
                : statuses.stream().anyMatch(s -> s.state().equals("pending")) ? "pending" : "success";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state", state);
        json.put("statuses", items);
        json.put("sha", sha);
        json.put("total_count", items.size());
        json.put("repository", repository(repo, Optional.empty()));
        json.put("commit_url", api + "/repos/" + repo.fullName() + "/commits/" + sha);
        json.put("url", api + "/repos/" + repo.fullName() + "/commits/" + sha + "/status");
        return json;
    }

    Map<String, Object> checkRuns(SandboxRepository repo, String sha, List<SandboxRepository.CheckRun> runs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (SandboxRepository.CheckRun run : runs) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", run.id());
            item.put("head_sha", sha);
            item.put("name", run.name());
            item.put("status", run.status());
            item.put("conclusion", run.conclusion());
            item.put("url", api + "/repos/" + repo.fullName() + "/check-runs/" + run.id());
            item.put("html_url", web + "/" + repo.fullName() + "/runs/" + run.id());
            item.put("details_url", web + "/" + repo.fullName() + "/runs/" + run.id());
            item.put("started_at", time(run.startedAt()));
            item.put("completed_at", time(run.completedAt()));
            items.add(item);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total_count", items.size());
        json.put("check_runs", items);
        return json;
    }

    private static String time(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** GitHub's error body. */
    /** GitHub's 422 body, saying which field of which resource failed. */
    static Map<String, Object> validationFailed(String field, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("resource", "PullRequest");
        if (field != null) {
            error.put("field", field);
        }
        error.put("code", code);
        if (message != null) {
            error.put("message", message);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", "Validation Failed");
        json.put("errors", List.of(error));
        json.put("documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request");
        json.put("status", "422");
        return json;
    }

    static Map<String, Object> error(int status, String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        json.put("documentation_url", "https://docs.github.com/rest");
        json.put("status", String.valueOf(status));
        return json;
    }

    private static Map<String, Object> signature(PersonIdent person) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", person.getName());
        json.put("email", person.getEmailAddress());
        json.put("date", person.getWhenAsInstant().truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }
}
