package dev.promenade.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

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

    /** What changed in a pipeline's snapshot, and so what open pages showing it need again. */
    public enum Change {
        /** What it shows: heads, steps, failures, announced heads. */
        CONTENT,
        /** Only when it was read, or that it is being read: what GitHub says is the same. */
        FRESHNESS
    }

    private static final Logger LOG = Logger.getLogger(Snapshots.class);

    private final PipelineReader reader;
    private final RateLimits limits;
    private final Clock clock;
    private final Freshness freshness;
    private final Map<Pipeline, Observed<PipelineStatus>> store = new ConcurrentHashMap<>();
    /** New heads GitHub announced (webhooks) that no read has seen yet, by pipeline and branch. */
    private final Map<Pipeline, Map<String, String>> announced = new ConcurrentHashMap<>();
    /** Each change of a pipeline's snapshot gets the next number: what a page has seen, and what it has not. */
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Pipeline, Long> versions = new ConcurrentHashMap<>();
    private final List<BiConsumer<Pipeline, Change>> listeners = new CopyOnWriteArrayList<>();
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
            claimed.forEach(pipeline -> notify(pipeline, Change.FRESHNESS));
            read(claimed, viewer).whenComplete((changes, failure) -> {
                claimed.forEach(pipeline -> reading.remove(pipeline, done));
                done.complete(null);
                // Told once the read is over, so what open pages are sent says so.
                claimed.forEach(pipeline -> notify(pipeline, changes == null || !changes.containsKey(pipeline)
                        ? Change.FRESHNESS : changes.get(pipeline)));
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
            Change change = record(pipeline, reading);
            if (change != null) {
                notify(pipeline, change);
            }
            return reading;
        });
    }

    /**
     * Puts a step as Promenade just changed it (a pull request it opened) into the pipeline's
     * snapshot, for the pages rendered next. Open pages are not sent it: the one that acted shows it
     * already, with what came of it, and a swap now would wipe that; the others learn it from GitHub
     * (its webhook, or the next read).
     */
    public void replaceStep(Pipeline pipeline, StepReport step) {
        store.computeIfPresent(pipeline, (same, known) -> known.hasValue()
                ? known.withValue(known.value().withStep(step))
                : known);
        versions.put(pipeline, sequence.incrementAndGet());
    }

    /** Makes the next view of the pipeline read it again, as when GitHub says it changed. */
    public void markStale(Pipeline pipeline) {
        store.computeIfPresent(pipeline, (same, known) -> stale(known));
    }

    /**
     * GitHub said the pipeline changed (a webhook), and which branches moved to which commits:
     * shown with the snapshot until a read sees them, and the snapshot is read again at the next view.
     */
    public void announce(Pipeline pipeline, Map<String, String> heads) {
        markStale(pipeline);
        if (!heads.isEmpty()) {
            Map<String, String> before = announced(pipeline);
            Map<String, String> after = announced.merge(pipeline, Map.copyOf(heads), (known, more) -> {
                Map<String, String> both = new HashMap<>(known);
                both.putAll(more);
                return Map.copyOf(both);
            });
            if (!after.equals(before)) {
                versions.put(pipeline, sequence.incrementAndGet());
                notify(pipeline, Change.CONTENT);
            }
        }
    }

    /** The heads GitHub announced for the pipeline's branches that no read has seen yet. */
    public Map<String, String> announced(Pipeline pipeline) {
        return announced.getOrDefault(pipeline, Map.of());
    }

    /** The number of the pipeline's last change (0 when none): larger than any before it. */
    public long version(Pipeline pipeline) {
        return versions.getOrDefault(pipeline, 0L);
    }

    /** The number of the last change of any pipeline. */
    public long version() {
        return sequence.get();
    }

    /** Calls {@code listener} with each pipeline whose snapshot changed, and how; the returned action stops it. */
    public Runnable onChange(BiConsumer<Pipeline, Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Forgets every snapshot: the next view of each pipeline waits for GitHub again. */
    public void forgetAll() {
        store.clear();
        announced.clear();
    }

    /** Reads and stores the pipelines; what changed in each snapshot stored (none: not stored). */
    private CompletionStage<Map<Pipeline, Change>> read(List<Pipeline> pipelines, Viewer viewer) {
        return reader.read(pipelines, viewer, this::value).handle((readings, error) -> {
            Map<Pipeline, Change> changes = new HashMap<>();
            if (error == null) {
                readings.forEach((pipeline, reading) -> {
                    Change change = record(pipeline, reading);
                    if (change != null) {
                        changes.put(pipeline, change);
                    }
                });
                return changes;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (!(cause instanceof GitHubFailure failure)) {
                LOG.error("Reading " + pipelines.size() + " repositories failed unexpectedly", cause);
                pipelines.forEach(pipeline -> changes.put(pipeline, failed(pipeline, new GitHubFailure(
                        GitHubFailure.Kind.UNAVAILABLE, 0, "Promenade could not read GitHub's answer"))));
                return changes;
            }
            // Whether this viewer may still use GitHub is theirs alone: others keep the snapshot as it was.
            if (failure.kind() != GitHubFailure.Kind.UNAUTHORIZED && failure.kind() != GitHubFailure.Kind.RATE_LIMITED) {
                pipelines.forEach(pipeline -> changes.put(pipeline, failed(pipeline, failure)));
            }
            return changes;
        });
    }

    /** Stores what a read found; what changed for open pages, {@code null} when nothing was stored. */
    private Change record(Pipeline pipeline, Reading reading) {
        if (reading instanceof Reading.Read read) {
            Map<String, String> before = announced(pipeline);
            Map<String, String> unseen = announced.computeIfPresent(pipeline, (same, heads) -> unseen(heads, read.status()));
            Observed<PipelineStatus> fresh = Observed.fresh(read.status(), clock.instant());
            // GitHub's API can lag behind its own webhooks: until a read sees what was announced, read again.
            Observed<PipelineStatus> known = store.put(pipeline, unseen == null ? fresh : stale(fresh));
            boolean same = known != null && known.failure() == null && Objects.equals(known.value(), read.status())
                    && before.equals(unseen == null ? Map.of() : unseen);
            if (same) {
                return Change.FRESHNESS;
            }
            versions.put(pipeline, sequence.incrementAndGet());
            return Change.CONTENT;
        }
        if (reading instanceof Reading.Failed failed) {
            return failed(pipeline, failed.failure());
        }
        // Unreadable: this viewer may not read it, which says nothing about the repository.
        return null;
    }

    /** The announced heads a status does not hold yet; {@code null} when it holds them all. */
    private static Map<String, String> unseen(Map<String, String> announced, PipelineStatus status) {
        Map<String, String> unseen = new HashMap<>(announced);
        status.heads().forEach(head -> unseen.remove(head.environment().branch(), head.head().sha()));
        unseen.keySet().removeIf(branch -> status.heads().stream().noneMatch(head -> head.environment().branch().equals(branch)));
        return unseen.isEmpty() ? null : Map.copyOf(unseen);
    }

    private static Observed<PipelineStatus> stale(Observed<PipelineStatus> known) {
        return new Observed<>(known.value(), known.asOf(), known.failure(), known.failingSince(), Instant.EPOCH);
    }

    private Change failed(Pipeline pipeline, GitHubFailure failure) {
        Instant now = clock.instant();
        store.compute(pipeline, (same, known) -> (known == null ? Observed.<PipelineStatus>nothing() : known)
                .failedAgain(failure, now));
        versions.put(pipeline, sequence.incrementAndGet());
        return Change.CONTENT;
    }

    private void notify(Pipeline pipeline, Change change) {
        for (BiConsumer<Pipeline, Change> listener : listeners) {
            try {
                listener.accept(pipeline, change);
            } catch (RuntimeException e) {
                LOG.warn("A listener of snapshot changes failed", e);
            }
        }
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
