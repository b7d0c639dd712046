package dev.promenade.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.jgit.revwalk.RevCommit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.sandbox.SandboxRepository.Role;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.properties.IfBuildProperty;

/** The sandbox's REST API: the GitHub endpoints Promenade calls, with GitHub's shapes, statuses and headers. */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxApi {

    /** GitHub's cap on commits in an unpaged comparison. */
    static final int UNPAGED_COMPARE_LIMIT = 250;
    private static final int DEFAULT_PAGE_SIZE = 30;
    private static final int MAX_PAGE_SIZE = 100;

    @Inject
    SandboxWorld world;

    @Inject
    SandboxFaults faults;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    SandboxWebhooks webhooks;

    @Inject
    SandboxLimits limits;


    void user(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        Optional<DemoUser> user = world.userFor(authorization);
        if (user.isEmpty()) {
            send(context, null, 401,
                    SandboxJson.error(401, authorization == null ? "Requires authentication" : "Bad credentials"));
            return;
        }
        send(context, user.get(), 200, json().user(user.get()));
    }

    void repository(RoutingContext context) {
        Call call = open(context);
        if (call != null) {
            send(context, call.user(), 200, json().repository(call.repository(), call.role()));
        }
    }

    void branch(RoutingContext context) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        String name = decode(context.pathParam("param2"));
        Optional<RevCommit> head = call.repository().branchHead(name);
        if (head.isEmpty()) {
            send(context, call.user(), 404, SandboxJson.error(404, "Branch not found"));
            return;
        }
        send(context, call.user(), 200, json().branch(call.repository(), name, head.get()));
    }

    /** {@code GET /repos/{o}/{r}/compare/{base}...{head}}, paged like GitHub's when asked to be. */
    void compare(RoutingContext context) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        SandboxRepository repo = call.repository();
        String basehead = decode(context.pathParam("param2"));
        int separator = basehead.indexOf("...");
        Optional<RevCommit> base = separator < 0 ? Optional.empty() : repo.resolve(basehead.substring(0, separator));
        Optional<RevCommit> head = separator < 0 ? Optional.empty() : repo.resolve(basehead.substring(separator + 3));
        if (base.isEmpty() || head.isEmpty()) {
            send(context, call.user(), 404, SandboxJson.error(404, "Not Found"));
            return;
        }
        List<RevCommit> ahead = repo.only(head.get(), base.get());
        List<RevCommit> behind = repo.only(base.get(), head.get());
        RevCommit mergeBase = repo.mergeBase(base.get(), head.get()).orElse(base.get());

        String perPageParameter = context.request().getParam("per_page");
        String pageParameter = context.request().getParam("page");
        boolean paged = perPageParameter != null || pageParameter != null;
        int pageSize = paged ? clamp(parse(perPageParameter, DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE) : UNPAGED_COMPARE_LIMIT;
        int page = paged ? Math.max(1, parse(pageParameter, 1)) : 1;
        int from = Math.min(ahead.size(), (page - 1) * pageSize);
        int to = Math.min(ahead.size(), from + pageSize);

        SandboxJson json = json();
        Map<String, Object> body = new LinkedHashMap<>();
        String range = base.get().name() + "..." + head.get().name();
        body.put("url", world.apiUrl() + "/repos/" + repo.fullName() + "/compare/" + range);
        body.put("html_url", world.webUrl() + "/" + repo.fullName() + "/compare/" + range);
        body.put("permalink_url", world.webUrl() + "/" + repo.fullName() + "/compare/" + repo.owner() + ":"
                + base.get().abbreviate(7).name() + "..." + repo.owner() + ":" + head.get().abbreviate(7).name());
        body.put("diff_url", world.webUrl() + "/" + repo.fullName() + "/compare/" + range + ".diff");
        body.put("patch_url", world.webUrl() + "/" + repo.fullName() + "/compare/" + range + ".patch");
        body.put("base_commit", json.commit(repo, base.get()));
        body.put("merge_base_commit", json.commit(repo, mergeBase));
        body.put("status", ahead.isEmpty() && behind.isEmpty() ? "identical"
                : behind.isEmpty() ? "ahead" : ahead.isEmpty() ? "behind" : "diverged");
        body.put("ahead_by", ahead.size());
        body.put("behind_by", behind.size());
        body.put("total_commits", ahead.size());
        body.put("commits", ahead.subList(from, to).stream().map(commit -> json.commit(repo, commit)).toList());
        if (page == 1) {
            // Like GitHub, the changed files come on the first page only.
            body.put("files", repo.changedPaths(mergeBase, head.get()).stream()
                    .map(path -> json.file(repo, head.get().name(), path)).toList());
        }
        if (paged) {
            int last = Math.max(1, (ahead.size() + pageSize - 1) / pageSize);
            String link = world.apiUrl() + "/repos/" + repo.fullName() + "/compare/" + basehead + "?per_page=" + pageSize
                    + "&page=";
            List<String> links = new ArrayList<>();
            if (page < last) {
                links.add("<" + link + (page + 1) + ">; rel=\"next\"");
                links.add("<" + link + last + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add("<" + link + 1 + ">; rel=\"first\"");
                links.add("<" + link + (page - 1) + ">; rel=\"prev\"");
            }
            if (!links.isEmpty()) {
                context.response().putHeader("Link", String.join(", ", links));
            }
        }
        send(context, call.user(), 200, body);
    }

    /** {@code GET /repos/{o}/{r}/pulls}: filtered by state, base and head ({@code owner:branch}), newest first. */
    void pulls(RoutingContext context) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        SandboxRepository repo = call.repository();
        String state = Optional.ofNullable(context.request().getParam("state")).orElse("open");
        String base = context.request().getParam("base");
        String head = context.request().getParam("head");
        String headBranch = head == null ? null : head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
        String headOwner = head != null && head.contains(":") ? head.substring(0, head.indexOf(':')) : repo.owner();
        boolean stale = head != null
                && faults.takePullRequestFault(repo.fullName(), SandboxFaults.PullRequestFault.STALE_LISTING).isPresent();
        int pageSize = clamp(parse(context.request().getParam("per_page"), DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE);
        int page = Math.max(1, parse(context.request().getParam("page"), 1));
        List<SandboxPull> matching = repo.pulls().stream()
                .filter(pull -> "all".equals(state) || pull.state.equals(state))
                .filter(pull -> base == null || pull.base.equals(base))
                .filter(pull -> head == null || (pull.head.equals(headBranch) && headOwner.equalsIgnoreCase(repo.owner())))
                .filter(pull -> !(stale && pull.isOpen()))
                .sorted(java.util.Comparator.comparing((SandboxPull pull) -> pull.createdAt).reversed()
                        .thenComparing(pull -> -pull.number))
                .toList();
        int from = Math.min(matching.size(), (page - 1) * pageSize);
        SandboxJson json = json();
        send(context, call.user(), 200, matching.subList(from, Math.min(matching.size(), from + pageSize)).stream()
                .map(pull -> json.pull(repo, pull, false, null, null)).toList());
    }

    /** {@code GET /repos/{o}/{r}/pulls/{n}}, with whether it can be merged. */
    void pull(RoutingContext context) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        SandboxRepository repo = call.repository();
        Optional<SandboxPull> pull = repo.pull(parse(context.pathParam("param2"), -1));
        if (pull.isEmpty()) {
            send(context, call.user(), 404, SandboxJson.error(404, "Not Found"));
            return;
        }
        send(context, call.user(), 200, detailed(repo, pull.get()));
    }

    /** {@code POST /repos/{o}/{r}/pulls}, refusing as GitHub does. */
    void createPull(RoutingContext context) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        SandboxRepository repo = call.repository();
        if (call.user() == null) {
            send(context, null, 401, SandboxJson.error(401, "Requires authentication"));
            return;
        }
        if (call.role().orElse(Role.READ) == Role.READ) {
            send(context, call.user(), 403, SandboxJson.error(403, "Must have push access to " + repo.fullName()
                    + " to open a pull request from one of its branches."));
            return;
        }
        Map<String, Object> request;
        try {
            request = mapper.readValue(context.body().asString(), Map.class);
        } catch (JsonProcessingException | RuntimeException e) {
            send(context, call.user(), 400, SandboxJson.error(400, "Problems parsing JSON"));
            return;
        }
        String title = (String) request.get("title");
        String base = (String) request.get("base");
        String head = (String) request.get("head");
        String headBranch = head == null ? null : head.contains(":") ? head.substring(head.indexOf(':') + 1) : head;
        if (title == null || title.isBlank()) {
            send(context, call.user(), 422, SandboxJson.validationFailed("title", "missing_field", null));
            return;
        }
        if (base == null || repo.branchHead(base).isEmpty()) {
            send(context, call.user(), 422, SandboxJson.validationFailed("base", "invalid", null));
            return;
        }
        if (headBranch == null || repo.branchHead(headBranch).isEmpty()) {
            send(context, call.user(), 422, SandboxJson.validationFailed("head", "invalid", null));
            return;
        }
        if (repo.pulls().stream().anyMatch(pull -> pull.isOpen() && pull.base.equals(base) && pull.head.equals(headBranch))) {
            send(context, call.user(), 422, SandboxJson.validationFailed(null, "custom",
                    "A pull request already exists for " + repo.owner() + ":" + headBranch + "."));
            return;
        }
        boolean nothingToMerge = repo.only(repo.branchHead(headBranch).orElseThrow(), repo.branchHead(base).orElseThrow())
                .isEmpty();
        if (nothingToMerge || faults.takePullRequestFault(repo.fullName(),
                SandboxFaults.PullRequestFault.NO_COMMITS_BETWEEN).isPresent()) {
            send(context, call.user(), 422, SandboxJson.validationFailed(null, "custom",
                    "No commits between " + base + " and " + headBranch));
            return;
        }
        if (faults.takePullRequestFault(repo.fullName(), SandboxFaults.PullRequestFault.VALIDATION_FAILED).isPresent()) {
            send(context, call.user(), 422, SandboxJson.validationFailed("body", "custom",
                    "body is too long (maximum is 65536 characters)"));
            return;
        }
        Optional<SandboxFaults.PullRequestFault> failure = faults.takePullRequestFault(repo.fullName(),
                SandboxFaults.PullRequestFault.FAIL_WITHOUT_CREATING, SandboxFaults.PullRequestFault.FAIL_AFTER_CREATING);
        if (failure.isPresent() && failure.get() == SandboxFaults.PullRequestFault.FAIL_WITHOUT_CREATING) {
            send(context, call.user(), 502, SandboxJson.error(502, "Server Error"));
            return;
        }
        Optional<SandboxPull> opened = repo.openPullUnlessOpen(title, (String) request.getOrDefault("body", ""),
                call.user().login(), base, headBranch, clock.instant());
        if (opened.isEmpty()) {
            // Opened by someone else since the check above: GitHub's check is atomic too.
            send(context, call.user(), 422, SandboxJson.validationFailed(null, "custom",
                    "A pull request already exists for " + repo.owner() + ":" + headBranch + "."));
            return;
        }
        SandboxPull pull = opened.get();
        if (failure.isPresent()) {
            send(context, call.user(), 502, SandboxJson.error(502, "Server Error"));
            return;
        }
        webhooks.pullRequest(repo, "opened", pull);
        context.response().putHeader("Location", world.apiUrl() + "/repos/" + repo.fullName() + "/pulls/" + pull.number);
        // Like GitHub, mergeability is not known yet at creation.
        send(context, call.user(), 201, json().pull(repo, pull, true, null, "unknown"));
    }

    /** {@code GET /repos/{o}/{r}/commits/{ref}/status}: the combined commit status. */
    void status(RoutingContext context) {
        onCommit(context, (call, sha) -> json().combinedStatus(call.repository(), sha, call.repository().statuses(sha)));
    }

    /** {@code GET /repos/{o}/{r}/commits/{ref}/check-runs}. */
    void checkRuns(RoutingContext context) {
        onCommit(context, (call, sha) -> json().checkRuns(call.repository(), sha, call.repository().checkRuns(sha)));
    }

    /** Answers about the commit a {@code {ref}} names, or 422 as GitHub does for an unknown one. */
    private void onCommit(RoutingContext context, BiFunction<Call, String, Map<String, Object>> answer) {
        Call call = open(context);
        if (call == null) {
            return;
        }
        String ref = decode(context.pathParam("param2"));
        Optional<RevCommit> commit = call.repository().resolve(ref);
        if (commit.isEmpty()) {
            send(context, call.user(), 422, SandboxJson.error(422, "No commit found for SHA: " + ref));
            return;
        }
        send(context, call.user(), 200, answer.apply(call, commit.get().name()));
    }

    Map<String, Object> detailed(SandboxRepository repo, SandboxPull pull) {
        Boolean mergeable = pull.isOpen() ? repo.mergesCleanly(pull.base, pull.head) : null;
        return json().pull(repo, pull, true, mergeable, repo.mergeState(pull));
    }

    record Call(SandboxRepository repository, DemoUser user, Optional<Role> role) {
    }

    /**
     * Authenticates the request and finds the repository it is about, answering as GitHub does when
     * that fails: 401 for a bad token, 404 for a repository the caller may not see.
     *
     * @return {@code null} when the answer has been sent
     */
    private Call open(RoutingContext context) {
        String authorization = context.request().getHeader("Authorization");
        DemoUser user = null;
        if (authorization != null) {
            user = world.userFor(authorization).orElse(null);
            if (user == null) {
                send(context, null, 401, SandboxJson.error(401, "Bad credentials"));
                return null;
            }
        }
        DemoUser caller = user;
        Optional<SandboxRepository> repo = world.repository(decode(context.pathParam("param0")),
                decode(context.pathParam("param1")));
        Optional<Role> role = repo.flatMap(r -> caller == null
                ? (r.isPrivate() ? Optional.empty() : Optional.of(Role.READ))
                : r.roleOf(caller.login()));
        if (repo.isEmpty() || role.isEmpty()) {
            send(context, caller, 404, SandboxJson.error(404, "Not Found"));
            return null;
        }
        Optional<SandboxFaults.Fault> fault = faults.apply(repo.get().fullName());
        if (fault.isPresent()) {
            if (fault.get().rateLimitReset() != null) {
                context.response().putHeader("X-RateLimit-Limit", String.valueOf(SandboxLimits.HOURLY));
                context.response().putHeader("X-RateLimit-Remaining", "0");
                context.response().putHeader("X-RateLimit-Reset",
                        String.valueOf(fault.get().rateLimitReset().getEpochSecond()));
                send(context, caller, 403, SandboxJson.error(403,
                        "API rate limit exceeded for user ID " + (caller == null ? 0 : caller.id()) + "."));
            } else {
                send(context, caller, fault.get().status(), SandboxJson.error(fault.get().status(), "Server Error"));
            }
            return null;
        }
        return new Call(repo.get(), caller, caller == null ? Optional.empty() : role);
    }

    private void send(RoutingContext context, DemoUser user, int status, Object body) {
        var response = context.response();
        SandboxLimits.Usage usage = limits.chargeRest(user == null ? "anonymous" : user.login());
        if (!response.headers().contains("X-RateLimit-Remaining")) {
            usage.writeTo(response);
        }
        response.putHeader("X-GitHub-Api-Version-Selected", "2022-11-28");
        response.putHeader("X-GitHub-Media-Type", "github.v3; format=json");
        if (user != null) {
            response.putHeader("X-OAuth-Scopes", "repo");
        }
        try {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    private SandboxJson json() {
        return new SandboxJson(world.apiUrl(), world.webUrl());
    }

    /** Branch names with slashes may arrive percent-encoded ({@code release%2Fprod}). */
    static String decode(String segment) {
        return segment == null ? null : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int parse(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
