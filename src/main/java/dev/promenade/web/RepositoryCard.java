package dev.promenade.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.DriftStatus;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepReport;

/**
 * One repository's pipeline as last read from GitHub, or its failure and last known state.
 *
 * @param reading   whether GitHub is being asked for it again right now
 * @param announced heads GitHub announced (webhooks) that no read has seen yet
 * @param notice    what the user's last action came to and on which step ({@code null} when none)
 */
public record RepositoryCard(ReadableRepository repository, Observed<PipelineStatus> observed, boolean reading,
        List<AnnouncedHead> announced, StepNotice notice) {

    /** A notice for the step into {@code target}. */
    public record StepNotice(String target, PromotionNotice notice) {
    }

    /** A branch GitHub says moved to a commit Promenade has not read yet. */
    public record AnnouncedHead(String branch, String sha) {
        public String shortSha() {
            return sha.substring(0, Math.min(7, sha.length()));
        }
    }

    public RepositoryCard(ReadableRepository repository, Observed<PipelineStatus> observed, boolean reading,
            Map<String, String> announced) {
        this(repository, observed, reading, announced.entrySet().stream()
                .map(head -> new AnnouncedHead(head.getKey(), head.getValue())).sorted(java.util.Comparator
                        .comparing(AnnouncedHead::branch)).toList(), null);
    }

    /** The same card, with what the user's last action came to. */
    public RepositoryCard withNotice(StepNotice shown) {
        return new RepositoryCard(repository, observed, reading, announced, shown);
    }

    public Pipeline pipeline() {
        return repository.pipeline();
    }

    public String name() {
        return pipeline().repository().fullName();
    }

    /** The block's id, for swapping it in place; owners never hold "--", so it is unambiguous. */
    public String domId() {
        return "repo-" + pipeline().repository().owner() + "--" + pipeline().repository().name();
    }

    public String path() {
        return "/repos/" + name();
    }

    public String htmlUrl() {
        return repository.access().htmlUrl();
    }

    public boolean isPrivate() {
        return repository.access().isPrivate();
    }

    public GitHubFailure failure() {
        return observed.failure();
    }

    public Instant failingSince() {
        return observed.failingSince();
    }

    /** When the state shown was read from GitHub, {@code null} when never. */
    public Instant asOf() {
        return observed.asOf();
    }

    /** Nothing read yet. */
    public boolean isLoading() {
        return observed.isLoading();
    }

    public List<StepView> steps() {
        List<StepView> steps = new ArrayList<>();
        for (PromotionStep step : pipeline().steps()) {
            StepReport report = observed.hasValue() ? observed.value().stepInto(step.target().name()).orElse(null) : null;
            PromotionNotice stepNotice = notice != null && notice.target().equals(step.target().name()) ? notice.notice() : null;
            steps.add(new StepView(name(), step, report, repository.access(), stepNotice));
        }
        return steps;
    }

    /** Commits waiting in all its steps. */
    public int totalPending() {
        return steps().stream().mapToInt(StepView::pending).sum();
    }

    /** When the oldest commit waiting in any of its steps was made, {@code null} when none waits. */
    public Instant oldestPending() {
        return steps().stream().map(StepView::oldestPending).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
    }

    /** Whether any step has something to promote or a hotfix to bring back. */
    public boolean isDrifting() {
        return steps().stream().anyMatch(StepView::isDrifting);
    }

    public boolean isDiverged() {
        return steps().stream().anyMatch(step -> step.status().equals(DriftStatus.DIVERGED.hook()));
    }

    /** Environments in promotion order, each with the step into it. */
    public List<Stage> stages() {
        List<Stage> stages = new ArrayList<>();
        List<StepView> steps = steps();
        List<Environment> environments = pipeline().environments();
        for (int i = 0; i < environments.size(); i++) {
            Environment environment = environments.get(i);
            stages.add(new Stage(environment,
                    observed.hasValue() ? observed.value().head(environment).head() : null,
                    i == 0 ? null : steps.get(i - 1)));
        }
        return stages;
    }
}
