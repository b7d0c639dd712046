package dev.promenade.github;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.EnvironmentHead;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineReader;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.Reading;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.StepDrift;
import dev.promenade.pipeline.StepRead;
import dev.promenade.pipeline.StepReport;
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

    private final GitHubGraphQLApi api;
    private final GitHubGuards guards;
    private final URI host;
    private final RateBudgets budgets;
    private final Clock clock;
    private final int batchSize;
    private final int batchesInFlight;

    @Inject
    public GraphQLGateway(PromenadeConfig config, RateBudgets budgets, Clock clock, GitHubErrors errors, GitHubGuards guards) {
        this(QuarkusRestClientBuilder.newBuilder()
                .baseUri(Configuration.graphqlUrl(config.github()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(config.github().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(errors)
                .build(GitHubGraphQLApi.class), guards, Configuration.graphqlUrl(config.github()), budgets, clock,
                config.github().batchSize(), config.github().batchesInFlight());
    }

    GraphQLGateway(GitHubGraphQLApi api, GitHubGuards guards, URI host, RateBudgets budgets, Clock clock, int batchSize,
            int batchesInFlight) {
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

    @Override
    public CompletionStage<Map<Pipeline, Reading>> read(List<Pipeline> pipelines, Viewer viewer,
            Function<Pipeline, PipelineStatus> known) {
        Map<Pipeline, Assembly> assemblies = new LinkedHashMap<>();
        List<PipelineQuery.Ask> first = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            Assembly assembly = new Assembly(pipeline, known.apply(pipeline));
            assemblies.put(pipeline, assembly);
            first.add(assembly.known == null ? PipelineQuery.Ask.everything(pipeline)
                    : new PipelineQuery.Ask(pipeline, true, Set.of(), Map.of()));
        }
        return ask(first, viewer, assemblies)
                .chain(() -> ask(movedSteps(assemblies.values()), viewer, assemblies))
                .chain(() -> readWindows(assemblies, viewer))
                .map(done -> {
                    Map<Pipeline, Reading> readings = new LinkedHashMap<>();
                    assemblies.forEach((pipeline, assembly) -> readings.put(pipeline, assembly.reading()));
                    return readings;
                })
                .subscribeAsCompletionStage();
    }

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
     * Steps whose heads moved since the known status: the only ones compared again. Where the
     * target's own commits were told apart by the pending commits' content before, the newest of
     * these are asked for at once, so that a moved head costs one query after the heads.
     */
    private static List<PipelineQuery.Ask> movedSteps(Iterable<Assembly> assemblies) {
        List<PipelineQuery.Ask> asks = new ArrayList<>();
        for (Assembly assembly : assemblies) {
            if (assembly.outcome != null || assembly.known == null) {
                continue;
            }
            Set<Integer> moved = new LinkedHashSet<>();
            Map<Integer, String> windows = new HashMap<>();
            for (int step = 0; step < assembly.steps.size(); step++) {
                StepDrift was = assembly.known.steps().get(step).drift();
                if (!was.targetSha().equals(assembly.heads[step + 1].sha()) || !was.sourceSha().equals(assembly.heads[step].sha())) {
                    moved.add(step);
                    if (was.toldBySourceContent()) {
                        windows.put(step, "");
                    }
                }
            }
            if (!moved.isEmpty()) {
                asks.add(new PipelineQuery.Ask(assembly.pipeline, false, moved, windows));
            }
        }
        return asks;
    }

    /**
     * Reads the next page of the newest pending commits, with their trees, of every step whose
     * target holds commits they may tell apart (squash promotions or hotfixes), until they do or
     * their bound is reached; all such steps' pages in the same queries.
     */
    private Uni<Void> readWindows(Map<Pipeline, Assembly> assemblies, Viewer viewer) {
        List<PipelineQuery.Ask> asks = new ArrayList<>();
        for (Assembly assembly : assemblies.values()) {
            Map<Integer, String> windows = new HashMap<>();
            for (int step = 0; assembly.outcome == null && step < assembly.steps.size(); step++) {
                StepRead read = assembly.reads[step];
                if (read != null && assembly.windowBefore[step] != null && read.wantsWindow()) {
                    windows.put(step, assembly.windowBefore[step]);
                }
            }
            if (!windows.isEmpty()) {
                asks.add(new PipelineQuery.Ask(assembly.pipeline, false, Set.of(), windows));
            }
        }
        if (asks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ask(asks, viewer, assemblies).chain(() -> readWindows(assemblies, viewer));
    }

    private Uni<Void> ask(List<PipelineQuery.Ask> asks, Viewer viewer, Map<Pipeline, Assembly> assemblies) {
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
    private Uni<List<Answer>> inBatch(List<PipelineQuery.Ask> batch, Viewer viewer, boolean mayRetry) {
        return send(PipelineQuery.pipelines(batch), viewer)
                .map(body -> List.of(new Answer(batch, body, null)))
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
                                    List<Answer> both = new ArrayList<>(one);
                                    both.addAll(two);
                                    return both;
                                });
                    }
                    return Uni.createFrom().item(List.of(new Answer(batch, null, failure)));
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

    /** GitHub's answer to one batch: its body, or why there is none. */
    private record Answer(List<PipelineQuery.Ask> asks, JsonNode body, GitHubFailure failure) {

        void applyTo(Map<Pipeline, Assembly> assemblies) {
            Map<String, JsonNode> errors = body == null ? Map.of() : GraphQLAnswers.errorsByAlias(body);
            for (int i = 0; i < asks.size(); i++) {
                PipelineQuery.Ask ask = asks.get(i);
                Assembly assembly = assemblies.get(ask.pipeline());
                if (assembly.outcome != null) {
                    continue;
                }
                if (failure != null) {
                    assembly.outcome = new Reading.Failed(failure);
                    continue;
                }
                JsonNode repository = body.path("data").path("r" + i);
                JsonNode error = errors.get("r" + i);
                if (!repository.isObject()) {
                    assembly.outcome = GraphQLAnswers.isUnreadable(error) ? new Reading.Unreadable()
                            : new Reading.Failed(new GitHubFailure(Kind.UNAVAILABLE, 200, "GitHub could not read "
                                    + ask.pipeline().repository() + " (" + (error == null ? "no details" : error.path("message").asText()) + ")"));
                    continue;
                }
                assembly.apply(ask, repository);
            }
        }
    }

    /** One pipeline's reading, put together from the answers of a read's queries. */
    private static final class Assembly {
        final Pipeline pipeline;
        final PipelineStatus known;
        final List<PromotionStep> steps;
        Reading outcome;
        RepositoryAccess access;
        final Commit[] heads;
        final Checks[] checks;
        final PullRequest[] promotions;
        final PullRequest[] backMerges;
        final PullRequest[] lastPromotions;
        /** Per step, what its comparisons gave; {@code null} when not compared in this read. */
        final StepRead[] reads;
        /** Per step, the cursor of the next older page of its newest pending commits ({@code ""}: the newest), {@code null} when none is to be read. */
        final String[] windowBefore;

        Assembly(Pipeline pipeline, PipelineStatus known) {
            this.pipeline = pipeline;
            this.known = known;
            this.steps = pipeline.steps();
            int environments = pipeline.environments().size();
            heads = new Commit[environments];
            checks = new Checks[environments];
            promotions = new PullRequest[environments];
            backMerges = new PullRequest[environments];
            lastPromotions = new PullRequest[environments];
            reads = new StepRead[steps.size()];
            windowBefore = new String[steps.size()];
        }

        void apply(PipelineQuery.Ask ask, JsonNode repository) {
            List<Environment> environments = pipeline.environments();
            if (ask.state()) {
                access = GraphQLAnswers.access(repository);
                for (int env = 0; env < environments.size(); env++) {
                    JsonNode head = repository.path("e" + env).path("target");
                    if (!head.isObject()) {
                        outcome = new Reading.Failed(new GitHubFailure(Kind.NOT_FOUND, 200, "GitHub knows no branch "
                                + environments.get(env).branch() + " in " + pipeline.repository()));
                        return;
                    }
                    heads[env] = GraphQLAnswers.commit(head);
                    checks[env] = Checks.ofRollup(head.path("statusCheckRollup").path("state").asText(null));
                }
                for (int step = 1; step < environments.size(); step++) {
                    promotions[step] = GraphQLAnswers.first(repository.path("p" + step), false);
                    backMerges[step] = GraphQLAnswers.first(repository.path("b" + step), false);
                    lastPromotions[step] = GraphQLAnswers.first(repository.path("m" + step), true);
                }
            }
            for (int step : ask.compared()) {
                JsonNode pending = repository.path("e" + (step + 1)).path("pending");
                JsonNode targetOnly = repository.path("e" + step).path("targetOnly");
                if (!pending.isObject() || !targetOnly.isObject()) {
                    outcome = new Reading.Failed(new GitHubFailure(Kind.UNAVAILABLE, 200, "GitHub did not compare "
                            + steps.get(step).source().branch() + " with " + steps.get(step).target().branch() + " in "
                            + pipeline.repository()));
                    return;
                }
                reads[step] = GraphQLAnswers.stepRead(pending, targetOnly);
                if (!ask.windowFrom().containsKey(step)) {
                    windowBefore[step] = "";
                }
            }
            ask.windowFrom().keySet().forEach(step -> window(step, repository.path("e" + (step + 1)).path("window")));
        }

        /** Adds a page of a step's newest pending commits, and where the next older page starts. */
        private void window(int step, JsonNode comparison) {
            StepRead read = reads[step];
            List<Commit> page = GraphQLAnswers.windowPage(comparison, read);
            if (page == null) {
                // A branch moved between two queries: what is not told apart stays undecided until the next read.
                windowBefore[step] = null;
                return;
            }
            List<Commit> window = new ArrayList<>(read.window() == null ? List.of() : read.window());
            window.addAll(page);
            JsonNode pageInfo = comparison.path("commits").path("pageInfo");
            boolean older = pageInfo.path("hasPreviousPage").asBoolean(false);
            windowBefore[step] = older ? pageInfo.path("startCursor").asText(null) : null;
            reads[step] = read.withWindow(window, !older);
        }

        Reading reading() {
            if (outcome != null) {
                return outcome;
            }
            List<EnvironmentHead> environmentHeads = new ArrayList<>();
            for (int env = 0; env < heads.length; env++) {
                environmentHeads.add(new EnvironmentHead(pipeline.environments().get(env), heads[env]));
            }
            List<StepReport> reports = new ArrayList<>();
            for (int step = 0; step < steps.size(); step++) {
                StepDrift drift = reads[step] != null ? StepDrift.of(steps.get(step), reads[step]) : known.steps().get(step).drift();
                reports.add(new StepReport(drift, checks[step], promotions[step + 1], backMerges[step + 1],
                        lastPromotions[step + 1]));
            }
            return new Reading.Read(access, new PipelineStatus(pipeline, environmentHeads, reports));
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
