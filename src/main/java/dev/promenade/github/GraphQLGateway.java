package dev.promenade.github;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.config.Configuration;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Budget;
import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Comparison;
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
import dev.promenade.pipeline.StepReport;
import dev.promenade.pipeline.Viewer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * {@link PipelineReader} over GitHub's GraphQL API: one aliased query per batch of repositories,
 * a few batches in flight per viewer. A read of pipelines with a known status first asks only for
 * heads, checks and pull requests, and compares only the steps whose heads moved; a first read
 * asks everything at once. A batch GitHub times out on is split in halves, each tried once more.
 */
@ApplicationScoped
public class GraphQLGateway implements PipelineReader {

    /** Commits only a step's target has, read at most to tell hotfixes from merges of earlier promotions. */
    static final int TARGET_ONLY_LIMIT = 1000;
    /**
     * Pending commits read at most, newest first, to find the one a squash promotion carried into the
     * target: a squash base further back is not looked for, and the target's commits count as hotfixes.
     */
    static final int WINDOW_LIMIT = 500;
    /** Repositories per access query: it reads three fields of each. */
    static final int ACCESS_BATCH = 100;
    private static final Set<String> PUSH = Set.of("ADMIN", "MAINTAIN", "WRITE");
    private static final Pattern NO_REPLY = Pattern.compile("(?:\\d+\\+)?([^@+]+)@users\\.noreply\\.github\\.com",
            Pattern.CASE_INSENSITIVE);

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
                    Map<String, JsonNode> errors = errorsByAlias(body);
                    for (int i = 0; i < batch.size(); i++) {
                        JsonNode repository = body.path("data").path("r" + i);
                        if (repository.isObject()) {
                            answers.put(batch.get(i), Optional.of(access(repository)));
                        } else if (isUnreadable(errors.get("r" + i))) {
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
                .chain(() -> readTargetOnly(assemblies, viewer))
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

    /** Steps whose heads moved since the known status: the only ones compared again. */
    private static List<PipelineQuery.Ask> movedSteps(Iterable<Assembly> assemblies) {
        List<PipelineQuery.Ask> asks = new ArrayList<>();
        for (Assembly assembly : assemblies) {
            if (assembly.outcome != null || assembly.known == null) {
                continue;
            }
            Set<Integer> moved = new LinkedHashSet<>();
            for (int step = 0; step < assembly.steps.size(); step++) {
                StepDrift was = assembly.known.steps().get(step).drift();
                if (!was.targetSha().equals(assembly.heads[step + 1].sha()) || !was.sourceSha().equals(assembly.heads[step].sha())) {
                    moved.add(step);
                }
            }
            if (!moved.isEmpty()) {
                asks.add(new PipelineQuery.Ask(assembly.pipeline, false, moved, Map.of()));
            }
        }
        return asks;
    }

    /**
     * Reads further pages of the commits only targets have, where GitHub said there are more, up to
     * the limit; and, for steps whose targets hold commits that may be squash promotions, the newest
     * pending commits with their trees, page by page until one matches. Both in the same queries.
     */
    private Uni<Void> readTargetOnly(Map<Pipeline, Assembly> assemblies, Viewer viewer) {
        List<PipelineQuery.Ask> asks = new ArrayList<>();
        for (Assembly assembly : assemblies.values()) {
            Map<Integer, String> cursors = new HashMap<>();
            Map<Integer, String> windows = new HashMap<>();
            for (int step = 0; step < assembly.steps.size(); step++) {
                Compared compared = assembly.compared[step];
                if (assembly.outcome == null && compared != null && compared.moreAfter != null) {
                    cursors.put(step, compared.moreAfter);
                }
                String window = assembly.outcome == null && compared != null ? compared.windowWanted() : null;
                if (window != null) {
                    windows.put(step, window);
                }
            }
            if (!cursors.isEmpty() || !windows.isEmpty()) {
                asks.add(new PipelineQuery.Ask(assembly.pipeline, false, Set.of(), cursors, windows));
            }
        }
        if (asks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ask(asks, viewer, assemblies).chain(() -> readTargetOnly(assemblies, viewer));
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
                ? new Budget(rateLimit.path("limit").asInt(), rateLimit.path("remaining").asInt(), instant(rateLimit.path("resetAt")))
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
            Map<String, JsonNode> errors = body == null ? Map.of() : errorsByAlias(body);
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
                    assembly.outcome = isUnreadable(error) ? new Reading.Unreadable()
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
        final Compared[] compared;

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
            compared = new Compared[steps.size()];
        }

        void apply(PipelineQuery.Ask ask, JsonNode repository) {
            List<Environment> environments = pipeline.environments();
            if (ask.state()) {
                access = access(repository);
                for (int env = 0; env < environments.size(); env++) {
                    JsonNode head = repository.path("e" + env).path("target");
                    if (!head.isObject()) {
                        outcome = new Reading.Failed(new GitHubFailure(Kind.NOT_FOUND, 200, "GitHub knows no branch "
                                + environments.get(env).branch() + " in " + pipeline.repository()));
                        return;
                    }
                    heads[env] = commit(head);
                    checks[env] = Checks.ofRollup(head.path("statusCheckRollup").path("state").asText(null));
                }
                for (int step = 1; step < environments.size(); step++) {
                    promotions[step] = first(repository.path("p" + step), false);
                    backMerges[step] = first(repository.path("b" + step), false);
                    lastPromotions[step] = first(repository.path("m" + step), true);
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
                compared[step] = new Compared(pending, targetOnly);
            }
            ask.targetOnlyFrom().keySet().forEach(step -> compared[step].more(repository.path("e" + step).path("targetOnly")));
            ask.windowFrom().keySet().forEach(step -> compared[step].window(repository.path("e" + (step + 1)).path("window")));
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
                StepDrift drift = compared[step] != null ? compared[step].drift(steps.get(step))
                        : known.steps().get(step).drift();
                reports.add(new StepReport(drift, checks[step], promotions[step + 1], backMerges[step + 1],
                        lastPromotions[step + 1]));
            }
            return new Reading.Read(access, new PipelineStatus(pipeline, environmentHeads, reports));
        }

        /** The first pull request from the repository itself (not a fork); of merged ones, the last merged. */
        private static PullRequest first(JsonNode connection, boolean lastMerged) {
            PullRequest found = null;
            for (JsonNode node : connection.path("nodes")) {
                if (node.path("isCrossRepository").asBoolean(false)) {
                    continue;
                }
                PullRequest candidate = pullRequest(node);
                if (found == null || (lastMerged && candidate.mergedAt() != null
                        && (found.mergedAt() == null || candidate.mergedAt().isAfter(found.mergedAt())))) {
                    found = candidate;
                }
                if (!lastMerged) {
                    break;
                }
            }
            return found;
        }
    }

    /**
     * One step's two comparisons as GitHub gave them, the commits only its target has gathered page
     * by page, and, when some of those may be squash promotions, the newest pending commits with trees.
     */
    private static final class Compared {
        final Comparison forward;
        final String targetSha;
        final String sourceSha;
        final int targetOnlyCount;
        final List<Commit> targetOnly = new ArrayList<>();
        String moreAfter;
        /** Newest first; {@code null} until asked. */
        List<Commit> window;
        /** The cursor of the next older page of the window, {@code null} when there is none to read. */
        String windowBefore;

        Compared(JsonNode pending, JsonNode targetOnlyComparison) {
            List<Commit> commits = new ArrayList<>();
            pending.path("commits").path("nodes").forEach(node -> commits.add(commit(node)));
            forward = new Comparison(pending.path("aheadBy").asInt(), pending.path("behindBy").asInt(), commits);
            targetSha = pending.path("baseTarget").path("oid").asText();
            sourceSha = pending.path("headTarget").path("oid").asText();
            targetOnlyCount = targetOnlyComparison.path("aheadBy").asInt();
            more(targetOnlyComparison);
        }

        /** Adds a page of the commits only the target has, if it compares the same two commits. */
        void more(JsonNode targetOnlyComparison) {
            moreAfter = null;
            if (!targetOnlyComparison.path("baseTarget").path("oid").asText().equals(sourceSha)
                    || !targetOnlyComparison.path("headTarget").path("oid").asText().equals(targetSha)) {
                // A branch moved between two reads: what is missing counts as real changes until the next read.
                return;
            }
            JsonNode page = targetOnlyComparison.path("commits");
            page.path("nodes").forEach(node -> targetOnly.add(commit(node)));
            boolean hasMore = page.path("pageInfo").path("hasNextPage").asBoolean(false);
            if (hasMore && targetOnly.size() < Math.min(targetOnlyCount, TARGET_ONLY_LIMIT)) {
                moreAfter = page.path("pageInfo").path("endCursor").asText(null);
            }
        }

        /**
         * The window page to read next ({@code ""}: the newest), or {@code null}: none needed, because
         * nothing is pending, the target holds only merge commits, a squash base was found, or the
         * window reached its limit.
         */
        String windowWanted() {
            if (forward.aheadBy() == 0 || targetOnly.stream().allMatch(Commit::isMerge)) {
                return null;
            }
            if (window == null) {
                return "";
            }
            return windowBefore == null || window.size() >= WINDOW_LIMIT || squashFound() || pastCandidates() ? null
                    : windowBefore;
        }

        /**
         * Whether the window reaches back past the newest commit only the target has: a squash
         * promotion carries a source commit made before it, so older pages are read only while
         * everything read is newer (a day's leeway for clocks). A hotfix behind a long backlog costs
         * one page, not the whole backlog.
         */
        private boolean pastCandidates() {
            Instant newest = targetOnly.stream().filter(commit -> !commit.isMerge()).map(Commit::date)
                    .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
            Instant oldestRead = window.isEmpty() ? null : window.get(window.size() - 1).date();
            return newest != null && oldestRead != null && oldestRead.isBefore(newest.minus(Duration.ofDays(1)));
        }

        /** Adds a page of the newest pending commits, if it compares the same two commits. */
        void window(JsonNode comparison) {
            if (window == null) {
                window = new ArrayList<>();
            }
            windowBefore = null;
            if (!comparison.path("baseTarget").path("oid").asText().equals(targetSha)
                    || !comparison.path("headTarget").path("oid").asText().equals(sourceSha)) {
                return;
            }
            JsonNode page = comparison.path("commits");
            List<Commit> nodes = new ArrayList<>();
            page.path("nodes").forEach(node -> nodes.add(commit(node)));
            Collections.reverse(nodes);
            window.addAll(nodes);
            if (page.path("pageInfo").path("hasPreviousPage").asBoolean(false)) {
                windowBefore = page.path("pageInfo").path("startCursor").asText(null);
            }
        }

        private boolean squashFound() {
            Set<String> trees = new HashSet<>();
            window.forEach(commit -> trees.add(commit.treeOid()));
            return targetOnly.stream().anyMatch(commit -> !commit.isMerge() && trees.contains(commit.treeOid()));
        }

        StepDrift drift(PromotionStep step) {
            return StepDrift.classify(step, targetSha, sourceSha, forward, targetOnly, targetOnly.size() >= targetOnlyCount,
                    window);
        }
    }

    private static Map<String, JsonNode> errorsByAlias(JsonNode body) {
        Map<String, JsonNode> errors = new HashMap<>();
        for (JsonNode error : body.path("errors")) {
            JsonNode path = error.path("path");
            if (path.isArray() && !path.isEmpty()) {
                errors.putIfAbsent(path.get(0).asText(), error);
            }
        }
        return errors;
    }

    /** GitHub says NOT_FOUND for a repository that does not exist and one the viewer may not read, alike. */
    private static boolean isUnreadable(JsonNode error) {
        String type = error == null ? "" : error.path("type").asText("");
        return type.equals("NOT_FOUND") || type.equals("FORBIDDEN");
    }

    static RepositoryAccess access(JsonNode repository) {
        String permission = repository.path("viewerPermission").asText("READ");
        return new RepositoryAccess(true, PUSH.contains(permission), repository.path("isPrivate").asBoolean(false),
                repository.path("url").asText(null));
    }

    /**
     * A commit as GraphQL gives it. {@code GitActor.user} is never a bot, so a bot's login is read
     * from its GitHub no-reply address ({@code 49699333+dependabot[bot]@users.noreply.github.com}),
     * as GitHub itself links it.
     */
    static Commit commit(JsonNode node) {
        JsonNode author = node.path("author");
        JsonNode user = author.path("user");
        Matcher noReply = NO_REPLY.matcher(author.path("email").asText(""));
        return new Commit(node.path("oid").asText(), node.path("message").asText(""),
                user.isObject() ? user.path("login").asText(null) : noReply.matches() ? noReply.group(1) : null,
                author.path("name").asText(null),
                user.isObject() ? user.path("avatarUrl").asText(null) : null,
                instant(author.path("date")),
                node.path("url").asText(null),
                node.path("parents").path("totalCount").asInt(0),
                node.path("tree").path("oid").asText(null),
                node.path("parentShas").path("nodes").findValuesAsText("oid"));
    }

    static PullRequest pullRequest(JsonNode node) {
        String mergeState = node.path("mergeStateStatus").asText(null);
        return new PullRequest(node.path("number").asInt(), node.path("title").asText(""), node.path("url").asText(null),
                node.path("state").asText("").equals("OPEN") ? "open" : "closed",
                node.path("author").path("login").asText(null),
                node.path("baseRefName").asText(null), node.path("headRefName").asText(null),
                instant(node.path("createdAt")), instant(node.path("mergedAt")),
                mergeState == null ? null : mergeState.toLowerCase(Locale.ROOT));
    }

    /** GitHub's DateTime ({@code …Z}) and GitTimestamp ({@code …+02:00}) alike. */
    static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
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
