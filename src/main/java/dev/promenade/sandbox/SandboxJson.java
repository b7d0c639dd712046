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

    /** GitHub's error body. */
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
