package dev.promenade.github;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryHost;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Viewer;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** {@link RepositoryHost} over GitHub's REST API. */
@ApplicationScoped
public class GitHubGateway implements RepositoryHost {

    /** GitHub's largest page. */
    static final int MAX_PAGE_SIZE = 100;

    private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");
    private static final Pattern LAST_PAGE = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"last\"");
    /** Pages of one comparison asked for at once, well below GitHub's limit on concurrent requests. */
    private static final int PAGES_IN_FLIGHT = 4;
    private static final Pattern PAGE_PARAMETER = Pattern.compile("[?&]page=(\\d+)");

    private final GitHubApi api;
    private final Cache comparisons;
    private final GitHubGuards guards;
    private final URI host;
    private final int pageSize;

    @Inject
    public GitHubGateway(@RestClient GitHubApi api, @CacheName("github-compare") Cache comparisons, GitHubGuards guards,
            PromenadeConfig config) {
        this(api, comparisons, guards, config.github().apiUrl(), MAX_PAGE_SIZE);
    }

    /** @param pageSize the most commits asked for per page (GitHub allows {@value #MAX_PAGE_SIZE}) */
    GitHubGateway(GitHubApi api, Cache comparisons, GitHubGuards guards, URI host, int pageSize) {
        this.api = api;
        this.comparisons = comparisons;
        this.guards = guards;
        this.host = host;
        this.pageSize = pageSize;
    }

    /**
     * What a comparison is cached under: two SHAs never compare differently, whoever asks.
     *
     * @param page 0 for the first {@code limit} commits, else that page of {@code limit} commits
     */
    private record ComparisonKey(String repository, String basehead, int limit, int page) {
    }

    @Override
    public CompletionStage<Comparison> compare(Viewer viewer, RepositoryName repository, String baseSha, String headSha,
            int limit) {
        String basehead = baseSha + "..." + headSha;
        return cached(new ComparisonKey(repository.fullName().toLowerCase(Locale.ROOT), basehead, limit, 0),
                () -> read("Bearer " + viewer.token(), repository, basehead, Math.max(1, Math.min(limit, pageSize)), limit),
                "comparing " + abbreviate(baseSha) + "..." + abbreviate(headSha) + " in " + repository);
    }

    @Override
    public CompletionStage<Comparison> comparePage(Viewer viewer, RepositoryName repository, String baseSha, String headSha,
            int page, int size) {
        String basehead = baseSha + "..." + headSha;
        int perPage = Math.max(1, Math.min(size, MAX_PAGE_SIZE));
        return cached(new ComparisonKey(repository.fullName().toLowerCase(Locale.ROOT), basehead, perPage, page),
                () -> page("Bearer " + viewer.token(), repository, basehead, perPage, page)
                        .map(one -> new Comparison(one.aheadBy(), one.behindBy(), one.commits())),
                "comparing " + abbreviate(baseSha) + "..." + abbreviate(headSha) + " in " + repository + " (page " + page + ")");
    }

    /** Only what GitHub answered is kept: a failure is asked again next time. */
    private CompletionStage<Comparison> cached(ComparisonKey key, Supplier<Uni<Comparison>> read, String action) {
        CompletableFuture<Object> known = comparisons.as(CaffeineCache.class).getIfPresent(key);
        if (known != null) {
            return known.thenApply(Comparison.class::cast);
        }
        return read.get()
                .onFailure(GitHubFailure.class).transform(failure -> ((GitHubFailure) failure).during(action))
                .invoke(comparison -> comparisons.as(CaffeineCache.class).put(key, CompletableFuture.completedFuture(comparison)))
                .subscribeAsCompletionStage();
    }

    /**
     * Reads the first page; then, as GitHub's {@code Link} header names the last one, the pages
     * needed for {@code limit} commits at once (a few at a time), else page after page.
     */
    private Uni<Comparison> read(String authorization, RepositoryName repository, String basehead, int perPage, int limit) {
        return page(authorization, repository, basehead, perPage, 1).chain(first -> {
            List<Commit> commits = new ArrayList<>(first.commits());
            Integer last = lastPage(first.link());
            long wanted = (limit + (long) perPage - 1) / perPage;
            if (commits.size() >= limit || first.commits().isEmpty() || (last == null && nextPage(first.link()) == null)) {
                return Uni.createFrom().item(new Comparison(first.aheadBy(), first.behindBy(), commits));
            }
            if (last == null) {
                return following(authorization, repository, basehead, perPage, nextPage(first.link()), limit, commits, first);
            }
            return Multi.createFrom().range(2, (int) Math.min(last, wanted) + 1)
                    .onItem().transformToUni(number -> page(authorization, repository, basehead, perPage, number))
                    .merge(PAGES_IN_FLIGHT)
                    .collect().asList()
                    .map(pages -> {
                        pages.stream().sorted(java.util.Comparator.comparingInt(Page::number))
                                .forEach(page -> commits.addAll(page.commits()));
                        return new Comparison(first.aheadBy(), first.behindBy(), commits);
                    });
        });
    }

    /** Page after page, when GitHub does not say which page is the last. */
    private Uni<Comparison> following(String authorization, RepositoryName repository, String basehead, int perPage,
            int number, int limit, List<Commit> commits, Page first) {
        return page(authorization, repository, basehead, perPage, number).chain(page -> {
            commits.addAll(page.commits());
            Integer next = nextPage(page.link());
            if (commits.size() >= limit || page.commits().isEmpty() || next == null || next <= number) {
                return Uni.createFrom().item(new Comparison(first.aheadBy(), first.behindBy(), commits));
            }
            return following(authorization, repository, basehead, perPage, next, limit, commits, first);
        });
    }

    /** One page of a comparison, with GitHub's counts and its {@code Link} header. */
    private record Page(int number, int aheadBy, int behindBy, List<Commit> commits, String link) {
    }

    private Uni<Page> page(String authorization, RepositoryName repository, String basehead, int perPage, int number) {
        return guards.read(host, () -> api.compare(authorization, repository.owner(), repository.name(), basehead, perPage, number)
                .onFailure(error -> !(error instanceof GitHubFailure))
                .transform(GitHubErrors::notAnswered))
                .map(response -> {
                    GitHubJson.Comparison json = response.getEntity();
                    List<Commit> commits = json.commits() == null ? List.of()
                            : json.commits().stream().map(GitHubGateway::commit).toList();
                    return new Page(number, json.aheadBy(), json.behindBy(), commits, response.getHeaderString("Link"));
                });
    }

    @Override
    public List<PullRequest> pullRequests(RepositoryName repository, String base, String head, String state, int limit) {
        return call("listing pull requests " + head + " → " + base + " of " + repository,
                guards.read(host, () -> answered(api.pullRequests(repository.owner(), repository.name(), state, base,
                        repository.owner() + ":" + head, Math.max(1, Math.min(limit, MAX_PAGE_SIZE))))))
                .stream().map(GitHubGateway::pullRequest).toList();
    }

    /** Never retried: whether GitHub created it after all is for the caller to look up. */
    @Override
    public PullRequest openPullRequest(RepositoryName repository, String base, String head, String title, String body) {
        return pullRequest(call("opening a pull request " + head + " → " + base + " in " + repository,
                guards.write(host, () -> answered(api.createPullRequest(repository.owner(), repository.name(),
                        new GitHubJson.NewPullRequest(title, repository.owner() + ":" + head, base, body, false))))));
    }

    private static <T> Uni<T> answered(Uni<T> request) {
        return request.onFailure(error -> !(error instanceof GitHubFailure)).transform(GitHubErrors::notAnswered);
    }

    static PullRequest pullRequest(GitHubJson.PullRequest json) {
        return new PullRequest(json.number(), json.title(), json.htmlUrl(), json.state(),
                json.user() == null ? null : json.user().login(),
                json.base() == null ? null : json.base().ref(), json.head() == null ? null : json.head().ref(),
                json.createdAt(), json.mergedAt(), json.mergeableState());
    }

    /** The page number of the {@code rel="next"} link GitHub sends while more pages follow. */
    static Integer nextPage(String linkHeader) {
        return linked(linkHeader, NEXT_PAGE);
    }

    /** The page number of the {@code rel="last"} link. */
    static Integer lastPage(String linkHeader) {
        return linked(linkHeader, LAST_PAGE);
    }

    private static Integer linked(String linkHeader, Pattern relation) {
        if (linkHeader == null) {
            return null;
        }
        for (String link : linkHeader.split(",")) {
            Matcher found = relation.matcher(link);
            if (found.find()) {
                Matcher page = PAGE_PARAMETER.matcher(found.group(1));
                return page.find() ? Integer.valueOf(page.group(1)) : null;
            }
        }
        return null;
    }

    static Commit commit(GitHubJson.Commit json) {
        GitHubJson.GitCommit git = json.commit();
        GitHubJson.Signature author = git.author();
        return new Commit(json.sha(), git.message() == null ? "" : git.message(),
                json.author() == null ? null : json.author().login(),
                author == null ? null : author.name(),
                json.author() == null ? null : json.author().avatarUrl(),
                author == null ? null : author.date(),
                git.committer() == null ? null : git.committer().date(),
                json.htmlUrl(),
                json.parents() == null ? 0 : json.parents().size(),
                git.tree() == null ? null : git.tree().sha(),
                json.parents() == null ? List.of() : json.parents().stream().map(GitHubJson.Parent::sha).toList());
    }

    /** Waits for it: pull requests are listed and opened on a worker thread. */
    private static <T> T call(String action, Uni<T> request) {
        try {
            return request.await().indefinitely();
        } catch (GitHubFailure failure) {
            throw failure.during(action);
        } catch (RuntimeException e) {
            throw GitHubErrors.notAnswered(e).during(action);
        }
    }


    private static String abbreviate(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
