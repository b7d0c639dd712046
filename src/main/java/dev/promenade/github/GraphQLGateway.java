package dev.promenade.github;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.config.Configuration;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;
import dev.promenade.pipeline.InstalledRepository;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineReader;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.Reading;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.StepDrift;
import dev.promenade.pipeline.Viewer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@link PipelineReader} over GitHub's GraphQL API: one aliased query per batch of repositories,
 * a few batches in flight per viewer. A read of pipelines with a known status first asks only for
 * heads, checks and pull requests, and compares only the steps whose heads moved; a first read
 * asks everything at once. Each comparison reads the newest commits only the target has, which
 * decide (see {@link StepDrift#of}); the newest pending commits follow, page by page, only where
 * they are needed to tell squash promotions from hotfixes. A batch GitHub times out on is split in
 * halves, each tried once more.
 */
@ApplicationScoped
public class GraphQLGateway implements PipelineReader {

    /** Repositories per access query: it reads three fields of each. */
    static final int ACCESS_BATCH = 100;
    /** Repositories per discovery query: a file and a few branches of each. */
    static final int DISCOVERY_BATCH = 50;

    private final GitHubGraphQLApi api;
    private final GitHubGuards guards;
    private final URI host;
    private final RateBudgets budgets;
    private final Clock clock;
    private final int batchSize;
    private final int batchesInFlight;
    private final InstallationPacing pacing;

    @Inject
    public GraphQLGateway(PromenadeConfig config, RateBudgets budgets, Clock clock, GitHubErrors errors, GitHubGuards guards,
            EndedTokenFilter ended, InstallationPacing pacing) {
        this(QuarkusRestClientBuilder.newBuilder()
                .baseUri(Configuration.graphqlUrl(config.github()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(config.github().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(errors)
                .register(ended)
                .build(GitHubGraphQLApi.class), guards, Configuration.graphqlUrl(config.github()), budgets, clock,
                config.github().batchSize(), config.github().batchesInFlight(), pacing);
    }

    GraphQLGateway(GitHubGraphQLApi api, GitHubGuards guards, URI host, RateBudgets budgets, Clock clock, int batchSize,
            int batchesInFlight) {
        this(api, guards, host, budgets, clock, batchSize, batchesInFlight, new InstallationPacing());
    }

    GraphQLGateway(GitHubGraphQLApi api, GitHubGuards guards, URI host, RateBudgets budgets, Clock clock, int batchSize,
            int batchesInFlight, InstallationPacing pacing) {
        this.pacing = pacing;
        this.api = api;
        this.guards = guards;
        this.host = host;
        this.budgets = budgets;
        this.clock = clock;
        this.batchSize = Math.max(1, batchSize);
        this.batchesInFlight = Math.max(1, batchesInFlight);
    }

    @Override
    public CompletionStage<Map<RepositoryName, Optional<RepositoryAccess>>> access(List<RepositoryName> repositories,
            Viewer viewer) {
        return Multi.createFrom().iterable(partition(repositories, ACCESS_BATCH))
                .onItem().transformToUni(batch -> send(PipelineQuery.access(batch), viewer).map(body -> {
                    Map<RepositoryName, Optional<RepositoryAccess>> answers = new LinkedHashMap<>();
                    Map<String, JsonNode> errors = GraphQLAnswers.errorsByAlias(body);
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode repository = body.path("data").path("r" + i);
                        if (repository.isObject()) {
                            answers.put(batch.get(i), Optional.of(GraphQLAnswers.access(repository)));
                        } else if (GraphQLAnswers.isUnreadable(errors.get("r" + i))) {
                            answers.put(batch.get(i), Optional.empty());
                        }
                    }
                    return answers;
                })).merge(batchesInFlight)
                .collect().in(LinkedHashMap<RepositoryName, Optional<RepositoryAccess>>::new, Map::putAll)
                .map(answers -> (Map<RepositoryName, Optional<RepositoryAccess>>) answers)
                .subscribeAsCompletionStage();
    }

    /**
     * Whether each repository of an installation declares its own chain, and which of
     * {@code branches} it has; a repository GitHub does not resolve is missing from the map.
     */
    public Uni<Map<RepositoryName, InstalledRepository>> discover(long installation, List<RepositoryName> repositories,
            String chainFile, List<String> branches, Viewer viewer) {
        return Multi.createFrom().iterable(partition(repositories, DISCOVERY_BATCH))
                .onItem().transformToUni(batch -> send(PipelineQuery.discovery(batch, chainFile, branches), viewer).map(body -> {
                    Map<RepositoryName, InstalledRepository> found = new LinkedHashMap<>();
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode repository = body.path("data").path("r" + i);
                        if (!repository.isObject()) {
                            continue;
                        }
                        JsonNode chain = repository.path("chain");
                        Set<String> present = new LinkedHashSet<>();
                        for (int b = 0; b < branches.size(); b++) {
                            if (repository.path("b" + b).isObject()) {
                                present.add(branches.get(b));
                            }
                        }
                        found.put(batch.get(i), new InstalledRepository(batch.get(i), installation,
                                chain.path("text").isTextual() ? chain.path("text").asText() : null,
                                chain.path("isTruncated").asBoolean(false), present));
                    }
                    return found;
                })).merge(batchesInFlight)
                .collect().in(LinkedHashMap<RepositoryName, InstalledRepository>::new, Map::putAll)
                .map(found -> (Map<RepositoryName, InstalledRepository>) found);
    }

    @Override
    public CompletionStage<Map<Pipeline, Reading>> read(List<Pipeline> pipelines, Viewer viewer,
            Function<Pipeline, PipelineStatus> known) {
        Map<Pipeline, PipelineAssembly> assemblies = new LinkedHashMap<>();
        List<PipelineQuery.Ask> first = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            PipelineAssembly assembly = new PipelineAssembly(pipeline, known.apply(pipeline));
            assemblies.put(pipeline, assembly);
            first.add(assembly.first());
        }
        return ask(first, viewer, assemblies)
                .chain(() -> ask(assemblies.values().stream().map(PipelineAssembly::moved).flatMap(Optional::stream).toList(),
                        viewer, assemblies))
                .chain(() -> readMore(assemblies, viewer))
                .map(done -> {
                    Map<Pipeline, Reading> readings = new LinkedHashMap<>();
                    assemblies.forEach((pipeline, assembly) -> readings.put(pipeline, assembly.reading()));
                    return readings;
                })
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Map<String, Checks>> checks(RepositoryName repository, List<String> shas, Viewer viewer) {
        if (shas.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return send(PipelineQuery.checks(repository, shas), viewer).map(body -> {
            Map<String, Checks> checks = new LinkedHashMap<>();
            for (int i = 0; i < shas.size(); i++) {
                JsonNode commit = body.path("data").path("r0").path("c" + i);
                if (commit.path("oid").isTextual()) {
                    JsonNode rollup = commit.path("statusCheckRollup");
                    checks.put(shas.get(i), Checks.ofRollup(rollup.isObject() ? rollup.path("state").asText(null) : null));
                }
            }
            return (Map<String, Checks>) checks;
        }).subscribeAsCompletionStage();
    }

    /**
     * Compares again the steps whose two comparisons saw different heads, and reads the next page of
     * the newest pending commits of every step that wants them (see {@link PipelineAssembly#more()}),
     * all in the same queries, until none does.
     */
    private Uni<Void> readMore(Map<Pipeline, PipelineAssembly> assemblies, Viewer viewer) {
        List<PipelineQuery.Ask> asks = assemblies.values().stream().map(PipelineAssembly::more).flatMap(Optional::stream).toList();
        if (asks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ask(asks, viewer, assemblies).chain(() -> readMore(assemblies, viewer));
    }

    private Uni<Void> ask(List<PipelineQuery.Ask> asks, Viewer viewer, Map<Pipeline, PipelineAssembly> assemblies) {
        if (asks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(partition(asks, batchSize))
                .onItem().transformToUni(batch -> inBatch(batch, viewer, true)).merge(batchesInFlight)
                .onItem().invoke(answers -> answers.forEach(answer -> answer.applyTo(assemblies)))
                .collect().last().replaceWithVoid();
    }

    /**
     * One batch as one query. When GitHub times out on it, each half is asked once more on its own;
     * other failures leave the batch's repositories failed, except those about the viewer (token
     * refused, rate limit), which end the whole read.
     */
    private Uni<List<PipelineAssembly.Answer>> inBatch(List<PipelineQuery.Ask> batch, Viewer viewer, boolean mayRetry) {
        return send(PipelineQuery.pipelines(batch), viewer)
                .map(body -> List.of(new PipelineAssembly.Answer(batch, body, null)))
                .onFailure(GitHubFailure.class).recoverWithUni(error -> {
                    GitHubFailure failure = (GitHubFailure) error;
                    if (failure.kind() == Kind.UNAUTHORIZED || failure.kind() == Kind.RATE_LIMITED) {
                        return Uni.createFrom().failure(failure);
                    }
                    if (mayRetry && timedOut(failure)) {
                        int half = (batch.size() + 1) / 2;
                        if (batch.size() == 1) {
                            return inBatch(batch, viewer, false);
                        }
                        return Uni.combine().all().unis(inBatch(batch.subList(0, half), viewer, false),
                                inBatch(batch.subList(half, batch.size()), viewer, false)).with((one, two) -> {
                                    List<PipelineAssembly.Answer> both = new ArrayList<>(one);
                                    both.addAll(two);
                                    return both;
                                });
                    }
                    return Uni.createFrom().item(List.of(new PipelineAssembly.Answer(batch, null, failure)));
                });
    }

    private static boolean timedOut(GitHubFailure failure) {
        return failure.kind() == Kind.UNAVAILABLE && (failure.status() == 502 || failure.status() == 504
                || (failure.status() == 0 && GitHubErrors.timedOut(failure)));
    }

    /**
     * Sends one query as the viewer. GitHub's word on the budget is recorded; a rate limit answer
     * (a 200 with a RATE_LIMITED error, or a 403/429 with retry-after) stops all requests for the
     * viewer until it resets.
     */
    private Uni<JsonNode> send(PipelineQuery.Query query, Viewer viewer) {
        if (!InstallationPacing.isInstallation(viewer.login())) {
            return sendNow(query, viewer);
        }
        return pacing.admit(viewer.login()).chain(() -> sendNow(query, viewer).eventually(() -> pacing.answered(viewer.login())));
    }

    private Uni<JsonNode> sendNow(PipelineQuery.Query query, Viewer viewer) {
        if (budgets.refusedUntil(viewer.login()) != null) {
            return Uni.createFrom().failure(refused(budgets.refusedUntil(viewer.login())));
        }
        return guards.readSplittable(host, () -> api.query("bearer " + viewer.token(), new GitHubGraphQLApi.Request(query.text(), query.variables()))
                .onFailure(error -> !(error instanceof GitHubFailure))
                .transform(GitHubErrors::notAnswered))
                .onFailure(GitHubFailure.class).invoke(error -> {
                    GitHubFailure failure = (GitHubFailure) error;
                    if (failure.kind() == Kind.RATE_LIMITED && failure.retryAt() != null) {
                        budgets.refuse(viewer.login(), failure.retryAt());
                    }
                })
                .map(response -> answered(response, viewer))
                .invoke(answer -> budgets.counted("graphql", "ok"))
                .onFailure(GitHubFailure.class)
                .invoke(error -> budgets.counted("graphql", ((GitHubFailure) error).kind().name().toLowerCase(Locale.ROOT)));
    }

    private JsonNode answered(RestResponse<JsonNode> response, Viewer viewer) {
        JsonNode body = response.getEntity();
        if (body == null || !body.isObject()) {
            throw new GitHubFailure(Kind.UNAVAILABLE, response.getStatus(), "GitHub's answer was not JSON");
        }
        JsonNode rateLimit = body.path("data").path("rateLimit");
        Budget budget = rateLimit.isObject()
                ? new Budget(rateLimit.path("limit").asInt(), rateLimit.path("remaining").asInt(), GraphQLAnswers.instant(rateLimit.path("resetAt")))
                : headerBudget(response);
        if (budget != null && budget.resetAt() != null) {
            budgets.graphql(viewer.login(), budget);
        }
        for (JsonNode error : body.path("errors")) {
            String type = error.path("type").asText("");
            if (type.equals("RATE_LIMITED") || type.equals("RATE_LIMIT") || error.path("code").asText("").equals("graphql_rate_limit")) {
                Instant reset = budget != null && budget.resetAt() != null && budget.resetAt().isAfter(clock.instant())
                        ? budget.resetAt() : clock.instant().plusSeconds(60);
                budgets.refuse(viewer.login(), reset);
                throw refused(reset);
            }
        }
        if (!body.path("data").isObject()) {
            String message = body.path("errors").path(0).path("message").asText("no details");
            throw new GitHubFailure(Kind.UNPROCESSABLE, response.getStatus(), "GitHub refused Promenade's query (" + message + ")");
        }
        return body;
    }

    private static GitHubFailure refused(Instant until) {
        return new GitHubFailure(Kind.RATE_LIMITED, 200, "GitHub's API rate limit is exhausted for your account", until);
    }

    private static Budget headerBudget(RestResponse<JsonNode> response) {
        String limit = response.getHeaderString("X-RateLimit-Limit");
        String remaining = response.getHeaderString("X-RateLimit-Remaining");
        String reset = response.getHeaderString("X-RateLimit-Reset");
        if (limit == null || remaining == null || reset == null) {
            return null;
        }
        try {
            return new Budget(Integer.parseInt(limit.strip()), Integer.parseInt(remaining.strip()),
                    Instant.ofEpochSecond(Long.parseLong(reset.strip())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> List<List<T>> partition(List<T> all, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            batches.add(List.copyOf(all.subList(from, Math.min(all.size(), from + size))));
        }
        return batches;
    }

}
