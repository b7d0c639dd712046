package dev.promenade.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

/**
 * Each pipeline's state as last read from GitHub, kept per repository and chain of branches (a
 * {@link Pipeline}) and shared by everyone who may read its repository
 * (who may is decided elsewhere, per user). A snapshot older than {@link Freshness#refreshAfter()}
 * is still served at once, and read again in the background with the token of the user looking
 * at it: one read per pipeline at a time, however many users look. Only a pipeline never read
 * makes a page wait for GitHub.
 */
@ApplicationScoped
public class Snapshots {

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    private final PipelineReader reader;
    private final RateLimits limits;
    private final Clock clock;
    private final Freshness freshness;
    private final Map<Pipeline, Observed<PipelineStatus>> store = new ConcurrentHashMap<>();
    /** The read in flight per pipeline; completes when it has been stored. */
    private final Map<Pipeline, CompletableFuture<Void>> reading = new ConcurrentHashMap<>();

    @Inject
    public Snapshots(PipelineReader reader, RateLimits limits, Clock clock, Freshness freshness) {
        this.reader = reader;
        this.limits = limits;
        this.clock = clock;
        this.freshness = freshness;
    }

    /**
     * Starts reading, as {@code viewer}, the pipelines never read and (unless the viewer's budget
     * is kept for their own pages) those whose snapshot is older than {@code refresh-after}, leaving
     * out those already being read.
     *
     * @return the pipelines this call started reading
     */
    public List<Pipeline> refreshIfStale(Collection<Pipeline> pipelines, Viewer viewer) {
        if (limits.refusedUntil(viewer.login()) != null) {
            return List.of();
        }
        boolean background = limits.backgroundPausedUntil(viewer.login()) == null;
        Instant staleBefore = clock.instant().minus(freshness.refreshAfter());
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<Pipeline> claimed = new ArrayList<>();
        // Claimed all at once: pages asking together make one read of all they need, not interleaved parts.
        synchronized (reading) {
            for (Pipeline pipeline : pipelines) {
                Observed<PipelineStatus> known = store.get(pipeline);
                boolean due = known == null || (background && known.attemptedAt().isBefore(staleBefore));
                if (due && reading.putIfAbsent(pipeline, done) == null) {
                    claimed.add(pipeline);
                }
            }
        }
        if (!claimed.isEmpty()) {
            read(claimed, viewer).whenComplete((stored, failure) -> {
                claimed.forEach(pipeline -> reading.remove(pipeline, done));
                done.complete(null);
            });
        }
        return claimed;
    }

    /**
     * The snapshots of {@code pipelines}, in order, reading stale ones in the background. Pipelines
     * never read are waited for, up to {@code wait}; those still unread then are
     * {@link Observed#isLoading() loading}.
     */
    public CompletionStage<List<Observed<PipelineStatus>>> view(List<Pipeline> pipelines, Viewer viewer, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        List<Pipeline> mine = refreshIfStale(pipelines, viewer);
        return awaitFirstReads(pipelines, wait).thenCompose(firstRound -> {
            // A read done as someone who may not read a repository leaves it unread: read it as this viewer.
            refreshIfStale(pipelines.stream().filter(pipeline -> !mine.contains(pipeline)).toList(), viewer);
            Duration left = Duration.between(clock.instant(), deadline);
            return left.isNegative() ? CompletableFuture.completedFuture(null) : awaitFirstReads(pipelines, left);
        }).thenApply(done -> pipelines.stream().map(this::snapshot).toList());
    }

    /** Completes once none of {@code pipelines} is being read, or after {@code wait}. */
    public CompletionStage<Void> settled(Collection<Pipeline> pipelines, Duration wait) {
        return within(pipelines.stream().map(pipeline -> reading.get(pipeline)).toList(), wait);
    }

    public Observed<PipelineStatus> snapshot(Pipeline pipeline) {
        Observed<PipelineStatus> known = store.get(pipeline);
        return known == null ? Observed.nothing() : known;
    }

    public boolean isReading(Pipeline pipeline) {
        return reading.containsKey(pipeline);
    }

    /**
     * Reads the pipeline now, as {@code viewer}, whatever its snapshot's age: for acting on it. A
     * successful read becomes everyone's snapshot.
     */
    public CompletionStage<Reading> readNow(Pipeline pipeline, Viewer viewer) {
        Instant refused = limits.refusedUntil(viewer.login());
        if (refused != null) {
            return CompletableFuture.failedFuture(new GitHubFailure(GitHubFailure.Kind.RATE_LIMITED, 0,
                    "GitHub's API rate limit is exhausted for your account", refused));
        }
        return reader.read(List.of(pipeline), viewer, this::value).thenApply(readings -> {
            Reading reading = readings.get(pipeline);
            record(pipeline, reading);
            return reading;
        });
    }

    /** Puts a step as Promenade just changed it (a pull request it opened) into the pipeline's snapshot. */
    public void replaceStep(Pipeline pipeline, StepReport step) {
        store.computeIfPresent(pipeline, (same, known) -> known.hasValue()
                ? known.withValue(known.value().withStep(step))
                : known);
    }

    /** Makes the next view of the pipeline read it again, as when GitHub says it changed. */
    public void markStale(Pipeline pipeline) {
        store.computeIfPresent(pipeline, (same, known) -> new Observed<>(known.value(), known.asOf(),
                known.failure(), known.failingSince(), Instant.EPOCH));
    }

    /** Forgets every snapshot: the next view of each pipeline waits for GitHub again. */
    public void forgetAll() {
        store.clear();
    }

    private CompletionStage<Void> read(List<Pipeline> pipelines, Viewer viewer) {
        return reader.read(pipelines, viewer, this::value).handle((readings, error) -> {
            if (error == null) {
                readings.forEach(this::record);
                return null;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (!(cause instanceof GitHubFailure failure)) {
                LOG.error("Reading " + pipelines.size() + " repositories failed unexpectedly", cause);
                pipelines.forEach(pipeline -> failed(pipeline, new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0,
                        "Promenade could not read GitHub's answer")));
                return null;
            }
            // Whether this viewer may still use GitHub is theirs alone: others keep the snapshot as it was.
            if (failure.kind() != GitHubFailure.Kind.UNAUTHORIZED && failure.kind() != GitHubFailure.Kind.RATE_LIMITED) {
                pipelines.forEach(pipeline -> failed(pipeline, failure));
            }
            return null;
        });
    }

    private void record(Pipeline pipeline, Reading reading) {
        if (reading instanceof Reading.Read read) {
            store.put(pipeline, Observed.fresh(read.status(), clock.instant()));
        } else if (reading instanceof Reading.Failed failed) {
            failed(pipeline, failed.failure());
        }
        // Unreadable: this viewer may not read it, which says nothing about the repository.
    }

    private void failed(Pipeline pipeline, GitHubFailure failure) {
        Instant now = clock.instant();
        store.compute(pipeline, (same, known) -> (known == null ? Observed.<PipelineStatus>nothing() : known)
                .failedAgain(failure, now));
    }

    private PipelineStatus value(Pipeline pipeline) {
        Observed<PipelineStatus> known = store.get(pipeline);
        return known == null ? null : known.value();
    }

    private CompletionStage<Void> awaitFirstReads(List<Pipeline> pipelines, Duration wait) {
        return within(pipelines.stream().filter(pipeline -> !store.containsKey(pipeline))
                .map(pipeline -> reading.get(pipeline)).toList(), wait);
    }

    private static CompletionStage<Void> within(List<CompletableFuture<Void>> reads, Duration wait) {
        CompletableFuture<?>[] pending = reads.stream().filter(read -> read != null && !read.isDone())
                .toArray(CompletableFuture[]::new);
        if (pending.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.allOf(pending).completeOnTimeout(null, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    }
}
