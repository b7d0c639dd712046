package dev.promenade.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestResponse;

import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryHost;
import dev.promenade.pipeline.RepositoryName;
import io.quarkus.cache.CacheResult;

/** {@link RepositoryHost} over GitHub's REST API. */
@ApplicationScoped
public class GitHubGateway implements RepositoryHost {

    /** GitHub's largest page. */
    static final int MAX_PAGE_SIZE = 100;

    /** Check run conclusions that do not hold a promotion back. */
    private static final Set<String> PASSING_CONCLUSIONS = Set.of("success", "neutral", "skipped");

    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");
    private static final Pattern PAGE_PARAMETER = Pattern.compile("[?&]page=(\\d+)");

    private final GitHubApi api;
    private final int pageSize;

    @Inject
    public GitHubGateway(@RestClient GitHubApi api) {
        this(api, MAX_PAGE_SIZE);
    }

    /** @param pageSize the most commits asked for per page (GitHub allows {@value #MAX_PAGE_SIZE}) */
    GitHubGateway(GitHubApi api, int pageSize) {
        this.api = api;
        this.pageSize = pageSize;
    }

    @Override
    public RepositoryAccess access(RepositoryName repository) {
        GitHubJson.Repository json = call("reading " + repository,
                () -> api.repository(repository.owner(), repository.name()));
        GitHubJson.Permissions permissions = json.permissions();
        // GitHub sends permissions only to authenticated callers; an answer at all means it is readable.
        return new RepositoryAccess(true, permissions != null && permissions.push(), json.isPrivate(), json.htmlUrl());
    }

    @Override
    public Commit branchHead(RepositoryName repository, String branch) {
        GitHubJson.Branch json = call("reading branch " + branch + " of " + repository,
                () -> api.branch(repository.owner(), repository.name(), branch));
        return commit(json.commit());
    }

    /** Comparisons of two SHAs never change, so they are cached for everyone who may read the repository. */
    @Override
    @CacheResult(cacheName = "github-compare")
    public Comparison compare(RepositoryName repository, String baseSha, String headSha, int limit) {
        int perPage = Math.max(1, Math.min(limit, pageSize));
        String action = "comparing " + abbreviate(baseSha) + "..." + abbreviate(headSha) + " in " + repository;
        List<Commit> commits = new ArrayList<>();
        GitHubJson.Comparison first = null;
        int page = 1;
        while (true) {
            int current = page;
            RestResponse<GitHubJson.Comparison> response = call(action,
                    () -> api.compare(repository.owner(), repository.name(), baseSha + "..." + headSha, perPage, current));
            GitHubJson.Comparison json = response.getEntity();
            if (first == null) {
                first = json;
            }
            List<GitHubJson.Commit> pageCommits = json.commits() == null ? List.of() : json.commits();
            pageCommits.forEach(commit -> commits.add(commit(commit)));
            Integer next = nextPage(response.getHeaderString("Link"));
            if (commits.size() >= limit || pageCommits.isEmpty() || next == null || next <= current) {
                break;
            }
            page = next;
        }
        return new Comparison(first.aheadBy(), first.behindBy(), commits);
    }

    @Override
    public List<PullRequest> openPullRequests(RepositoryName repository) {
        return call("listing the open pull requests of " + repository,
                () -> api.pullRequests(repository.owner(), repository.name(), "open", null, null, MAX_PAGE_SIZE))
                .stream().map(GitHubGateway::pullRequest).toList();
    }

    @Override
    public List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state, int limit) {
        return call("listing pull requests " + head + " → " + base + " of " + repository,
                () -> api.pullRequests(repository.owner(), repository.name(), state, base,
                        repository.owner() + ":" + head, Math.max(1, Math.min(limit, MAX_PAGE_SIZE))))
                .stream().map(GitHubGateway::pullRequest).toList();
    }

    @Override
    public PullRequest pullRequest(RepositoryName repository, int number) {
        return pullRequest(call("reading pull request #" + number + " of " + repository,
                () -> api.pullRequest(repository.owner(), repository.name(), number)));
    }

    @Override
    public PullRequest openPullRequest(RepositoryName repository, String base, String head, String title, String body) {
        return pullRequest(call("opening a pull request " + head + " → " + base + " in " + repository,
                () -> api.createPullRequest(repository.owner(), repository.name(),
                        new GitHubJson.NewPullRequest(title, repository.owner() + ":" + head, base, body, false))));
    }

    @Override
    public Checks checks(RepositoryName repository, String sha) {
        String action = "reading the checks of " + abbreviate(sha) + " in " + repository;
        GitHubJson.CombinedStatus status = call(action,
                () -> api.status(repository.owner(), repository.name(), sha, MAX_PAGE_SIZE));
        GitHubJson.CheckRuns runs = call(action,
                () -> api.checkRuns(repository.owner(), repository.name(), sha, MAX_PAGE_SIZE));
        List<Checks.Result> results = new ArrayList<>();
        if (status.statuses() != null) {
            status.statuses().forEach(s -> results.add(new Checks.Result(switch (s.state()) {
                case "success" -> Checks.Outcome.PASSED;
                case "pending" -> Checks.Outcome.RUNNING;
                default -> Checks.Outcome.FAILED;
            }, s.targetUrl())));
        }
        if (runs.checkRuns() != null) {
            runs.checkRuns().forEach(run -> results.add(new Checks.Result(
                    !"completed".equals(run.status()) ? Checks.Outcome.RUNNING
                            : PASSING_CONCLUSIONS.contains(run.conclusion()) ? Checks.Outcome.PASSED
                            : Checks.Outcome.FAILED,
                    run.htmlUrl())));
        }
        return Checks.of(results);
    }

    static PullRequest pullRequest(GitHubJson.PullRequest json) {
        return new PullRequest(json.number(), json.title(), json.htmlUrl(), json.state(),
                json.user() == null ? null : json.user().login(),
                json.base() == null ? null : json.base().ref(), json.head() == null ? null : json.head().ref(),
                json.createdAt(), json.mergedAt(), json.mergeableState());
    }

    /** The page number of the {@code rel="next"} link GitHub sends while more pages follow. */
    static Integer nextPage(String linkHeader) {
        if (linkHeader == null) {
            return null;
        }
        Matcher next = NEXT_PAGE.matcher(linkHeader);
        if (!next.find()) {
            return null;
        }
        Matcher page = PAGE_PARAMETER.matcher(next.group(1));
        return page.find() ? Integer.valueOf(page.group(1)) : null;
    }

    static Commit commit(GitHubJson.Commit json) {
        GitHubJson.GitCommit git = json.commit();
        GitHubJson.Signature author = git.author();
        return new Commit(json.sha(), git.message() == null ? "" : git.message(),
                json.author() == null ? null : json.author().login(),
                author == null ? null : author.name(),
                json.author() == null ? null : json.author().avatarUrl(),
                author == null ? null : author.date(),
                json.htmlUrl(),
                json.parents() == null ? 0 : json.parents().size());
    }

    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (GitHubFailure failure) {
            throw failure.during(action);
        } catch (ProcessingException e) {
            throw new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0, "GitHub did not answer (" + rootMessage(e) + ")")
                    .during(action);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        return root.getMessage() == null ? name : name + ": " + root.getMessage();
    }

    private static String abbreviate(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
