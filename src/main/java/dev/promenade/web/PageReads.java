package dev.promenade.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import io.smallrye.mutiny.Uni;

/**
 * How pages read repositories: from the shared snapshots at once, waiting for GitHub only for
 * repositories never read, and only until the page deadline; what is being read is watched by
 * the open page, which an htmx request updates when the reads are done.
 */
@ApplicationScoped
class PageReads {

    /** How long a watch request waits for reads to finish before it answers anyway (and is asked again). */
    static final Duration WATCH_WAIT = Duration.ofSeconds(20);

    @Inject
    Snapshots snapshots;

    @Inject
    PromenadeConfig config;

    @Inject
    Clock clock;

    /** When a page started now must answer. */
    Instant deadline() {
        return clock.instant().plus(config.pageDeadline());
    }

    /** The repositories' cards, first reads waited for until {@code deadline}. */
    Uni<List<RepositoryCard>> cards(List<ReadableRepository> repositories, Viewer viewer, Instant deadline) {
        List<Pipeline> pipelines = repositories.stream().map(ReadableRepository::pipeline).toList();
        Duration left = Duration.between(clock.instant(), deadline);
        return Uni.createFrom().completionStage(snapshots.view(pipelines, viewer, left.isNegative() ? Duration.ZERO : left))
                .map(observed -> {
                    List<RepositoryCard> cards = new ArrayList<>();
                    for (int i = 0; i < repositories.size(); i++) {
                        cards.add(new RepositoryCard(repositories.get(i), observed.get(i),
                                snapshots.isReading(pipelines.get(i))));
                    }
                    return cards;
                });
    }

    /** Answers a watch: the watched repositories' cards once they are read, or after {@link #WATCH_WAIT}. */
    Uni<List<RepositoryCard>> settled(List<ReadableRepository> watched) {
        List<Pipeline> pipelines = watched.stream().map(ReadableRepository::pipeline).toList();
        return Uni.createFrom().completionStage(snapshots.settled(pipelines, WATCH_WAIT))
                .map(settled -> watched.stream().map(repository -> new RepositoryCard(repository,
                        snapshots.snapshot(repository.pipeline()), snapshots.isReading(repository.pipeline()))).toList());
    }

    /** What the page should watch: the cards being read, or never read. */
    Watch watch(String page, String target, Collection<RepositoryCard> cards) {
        return Watch.of(page, target, cards.stream().filter(card -> card.reading() || card.isLoading()).map(RepositoryCard::name)
                .toList());
    }

    /** The watched repositories among those the user may read. */
    static List<ReadableRepository> watched(List<ReadableRepository> readable, Set<String> names) {
        return readable.stream().filter(repository -> names.stream()
                .anyMatch(name -> name.equalsIgnoreCase(repository.pipeline().repository().fullName()))).toList();
    }
}
