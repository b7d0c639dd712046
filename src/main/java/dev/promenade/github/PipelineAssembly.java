package dev.promenade.github;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.DriftStatus;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.EnvironmentHead;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.Reading;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.StepDrift;
import dev.promenade.pipeline.StepRead;
import dev.promenade.pipeline.StepReport;

/**
 * One pipeline's reading, put together from the answers of a read's queries ({@link GraphQLGateway}):
 * what to ask first, which steps to compare again, which want more of their newest pending commits.
 */
final class PipelineAssembly {

    private final Pipeline pipeline;
    private final PipelineStatus known;
    private final List<PromotionStep> steps;
    private Reading outcome;
    private RepositoryAccess access;
    private final Commit[] heads;
    private final Checks[] checks;
    private final PullRequest[] promotions;
    private final PullRequest[] backMerges;
    private final PullRequest[] lastPromotions;
    /** Per step, what its comparisons gave; {@code null} when not compared in this read. */
    private final StepRead[] reads;
    /**
     * Per step, the cursor of the next older page of its newest pending commits ({@code ""}: the
     * newest), {@code null} when none is to be read.
     */
    private final String[] windowBefore;
    /** Per step, whether its last two comparisons saw different heads: it is compared again once. */
    private final boolean[] movedMeanwhile;
    /** Per step, how many times it was compared in this read. */
    private final int[] comparisons;
    /** Per step, GitHub's word on its newest promotions: the source commit each merged one carried. */
    private final List<Map<String, String>> carried;

    PipelineAssembly(Pipeline pipeline, PipelineStatus known) {
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
        movedMeanwhile = new boolean[steps.size()];
        comparisons = new int[steps.size()];
        carried = new ArrayList<>(Collections.nCopies(steps.size(), Map.<String, String>of()));
    }

    /** The first query's ask: everything for a pipeline never read, its state only otherwise. */
    PipelineQuery.Ask first() {
        return known == null ? PipelineQuery.Ask.everything(pipeline) : new PipelineQuery.Ask(pipeline, true, Set.of(), Map.of());
    }

    /**
     * The steps whose heads moved since the known status, or whose target's commits were not told
     * apart: the only ones compared again. Where the target's own commits were told apart by the
     * pending commits' content before, the newest of these are asked for at once, so that a moved
     * head costs one query after the heads.
     */
    Optional<PipelineQuery.Ask> moved() {
        if (outcome != null || known == null) {
            return Optional.empty();
        }
        Set<Integer> moved = new LinkedHashSet<>();
        Map<Integer, String> windows = new HashMap<>();
        for (int step = 0; step < steps.size(); step++) {
            StepDrift was = known.steps().get(step).drift();
            if (!was.targetSha().equals(heads[step + 1].sha()) || !was.sourceSha().equals(heads[step].sha())
                    || was.status() == DriftStatus.UNDECIDED) {
                moved.add(step);
                if (was.toldBySourceContent()) {
                    windows.put(step, "");
                }
            }
        }
        return moved.isEmpty() ? Optional.empty() : Optional.of(new PipelineQuery.Ask(pipeline, false, moved, windows));
    }

    /**
     * The steps whose two comparisons saw different heads (a branch moved between them), compared
     * again once; and the next page of the newest pending commits, with their trees, of every step
     * whose target holds commits they may tell apart (squash promotions or hotfixes), until they do
     * or their bound is reached.
     */
    Optional<PipelineQuery.Ask> more() {
        Set<Integer> again = new LinkedHashSet<>();
        Map<Integer, String> windows = new HashMap<>();
        for (int step = 0; outcome == null && step < steps.size(); step++) {
            if (movedMeanwhile[step]) {
                again.add(step);
            } else if (reads[step] != null && windowBefore[step] != null && reads[step].wantsWindow()) {
                windows.put(step, windowBefore[step]);
            }
        }
        return again.isEmpty() && windows.isEmpty() ? Optional.empty()
                : Optional.of(new PipelineQuery.Ask(pipeline, false, again, windows));
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
                carried.set(step - 1, GraphQLAnswers.carried(repository.path("m" + step)));
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
            comparisons[step]++;
            boolean sameHeads = GraphQLAnswers.sameHeads(pending, targetOnly);
            movedMeanwhile[step] = !sameHeads && comparisons[step] < 2;
            // Twice moved meanwhile: the target's commits are not read, and the step undecided until the next read.
            reads[step] = GraphQLAnswers.stepRead(pending, sameHeads ? targetOnly : null, carried.get(step));
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
        boolean older = pageInfo.path("hasPreviousPage").asBoolean(false) && !page.isEmpty();
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

    /** GitHub's answer to one batch: its body, or why there is none. */
    record Answer(List<PipelineQuery.Ask> asks, JsonNode body, GitHubFailure failure) {

        void applyTo(Map<Pipeline, PipelineAssembly> assemblies) {
            Map<String, JsonNode> errors = body == null ? Map.of() : GraphQLAnswers.errorsByAlias(body);
            for (int i = 0; i < asks.size(); i++) {
                PipelineQuery.Ask ask = asks.get(i);
                PipelineAssembly assembly = assemblies.get(ask.pipeline());
                if (assembly.outcome != null) {
                    continue;
                }
                JsonNode repository = body == null ? null : body.path("data").path("r" + i);
                JsonNode error = errors.get("r" + i);
                if (repository != null && repository.isObject()) {
                    assembly.apply(ask, repository);
                } else if (!ask.state() && ask.compared().isEmpty()) {
                    // Only more pending commits were asked for: what they would have told stays undecided.
                    ask.windowFrom().keySet().forEach(step -> assembly.windowBefore[step] = null);
                } else if (failure != null) {
                    assembly.outcome = new Reading.Failed(failure);
                } else {
                    assembly.outcome = GraphQLAnswers.isUnreadable(error) ? new Reading.Unreadable()
                            : new Reading.Failed(new GitHubFailure(Kind.UNAVAILABLE, 200, "GitHub could not read "
                                    + ask.pipeline().repository() + " (" + (error == null ? "no details" : error.path("message").asText()) + ")"));
                }
            }
        }
    }
}
