package dev.promenade.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.CommitChecks;
import dev.promenade.pipeline.CommitLists;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepReport;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import io.smallrye.mutiny.Uni;

/**
 * How pages read repositories: from the shared snapshots at once, waiting for GitHub only for
 * repositories never read, and only until the page deadline. What changes afterwards reaches the
 * open page through its live updates ({@link LiveUpdates}).
 */
@ApplicationScoped
class PageReads {

    @Inject
    Snapshots snapshots;

    @Inject
    PromenadeConfig config;

    @Inject
    Clock clock;

    @Inject
    CommitLists commits;

    @Inject
    CommitChecks checks;

    /** When a page started now must answer. */
    Instant deadline() {
        return clock.instant().plus(config.pageDeadline());
    }

    /**
     * Cards as a page shows them, and the number of the last snapshot change they include: the page's
     * live updates start after it.
     */
    record Shown(List<RepositoryCard> cards, long version) {
    }

    /** The repositories' cards, first reads waited for until {@code deadline}. */
    Uni<Shown> cards(List<ReadableRepository> repositories, Viewer viewer, Instant deadline) {
        List<Pipeline> pipelines = repositories.stream().map(ReadableRepository::pipeline).toList();
        Duration left = Duration.between(clock.instant(), deadline);
        return Uni.createFrom().completionStage(snapshots.view(pipelines, viewer, left.isNegative() ? Duration.ZERO : left))
                .map(observed -> {
                    // Taken before the cards: a change racing them is sent again rather than missed.
                    long version = snapshots.version();
                    List<RepositoryCard> cards = new ArrayList<>();
                    for (ReadableRepository repository : repositories) {
                        cards.add(card(repository));
                    }
                    return new Shown(cards, version);
                });
    }

    /** A repository's card as its snapshot stands now. */
    RepositoryCard card(ReadableRepository repository) {
        Pipeline pipeline = repository.pipeline();
        return new RepositoryCard(repository, snapshots.snapshot(pipeline), snapshots.isReading(pipeline),
                snapshots.announced(pipeline));
    }

    /**
     * One page of the commits pending in a step, read by SHA (kept once read); when GitHub fails to
     * list them, those the snapshot holds (on the first page), and why.
     *
     * @param base Promenade's base URL, for the links to share
     * @param page from 1; past the last page, the last one (the list got shorter)
     */
    Uni<PendingList> pendingList(RepositoryCard card, PromotionStep step, Viewer viewer, PromotionNotice notice, String base,
            int page) {
        String path = card.path();
        StepReport report = card.observed().hasValue() ? card.observed().value().stepInto(step.target().name()).orElse(null)
                : null;
        String live = base + path + "/pending/" + step.target().name();
        // The pinned link names the step and the day it was made, for its page to say so.
        String pinned = report == null ? null
                : base + path + "/compare/" + report.drift().listBase() + "..." + report.drift().sourceSha()
                        + PinnedList.query(step.target().name(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (report == null) {
            return Uni.createFrom().item(new PendingList(card, step, List.of(), null, live, pinned, notice, 1, Map.of(), List.of()));
        }
        int shown = Math.max(1, Math.min(page, CommitLists.pages(report.drift().pendingCount())));
        return Uni.createFrom().completionStage(commits.pendingPage(viewer, card.pipeline().repository(), report.drift(), shown))
                .map(listed -> new PendingList(card, step, listed, null, live, pinned, notice, shown, Map.<String, Checks>of(),
                        List.<Commit>of()))
                .onFailure(GitHubFailure.class).recoverWithItem(failure -> new PendingList(card, step,
                        shown == 1 ? report.drift().pending() : List.of(), (GitHubFailure) failure, live, pinned, notice, shown,
                        Map.of(), List.of()))
                .chain(list -> Uni.createFrom().completionStage(checks.of(viewer, card.pipeline().repository(), list.commits()))
                        .map(list::withChecks))
                .chain(list -> shown > 1 || report.drift().squashBase() == null ? Uni.createFrom().item(list)
                        : Uni.createFrom().completionStage(commits.promotedBySquash(viewer, card.pipeline().repository(),
                                report.drift())).map(list::withSquashed)
                                .onFailure(GitHubFailure.class).recoverWithItem(list));
    }

    /**
     * Where a page subscribes to what changes after it was rendered: {@code /events?view=…}, with the
     * number of the last change it shows, so that nothing in between is missed.
     */
    static String live(long since, String view, String... parameters) {
        StringBuilder url = new StringBuilder("/events?view=").append(view);
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            url.append('&').append(parameters[i]).append('=').append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
        }
        return url.append("&since=").append(since).toString();
    }
}
