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
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.promenade.pipeline.SnapshotStore.Entry;
import dev.promenade.pipeline.SnapshotStore.Update;

/**
 * Each pipeline's state as last read from GitHub, kept per repository and chain of branches (a
 * {@link Pipeline}) and shared by everyone who may read its repository
 * (who may is decided elsewhere, per user). A snapshot older than {@link Freshness#refreshAfter()}
 * is still served at once, and read again in the background with the token of the user looking
 * at it: one read per pipeline at a time, however many users look, on however many replicas
 * (see {@link SnapshotStore}). Only a pipeline never read makes a page wait for GitHub.
 */
@ApplicationScoped
public class Snapshots {

    /** What changed in a pipeline's snapshot, and so what open pages showing it need again. */
    public enum Change {
        /** What it shows: heads, steps, failures, announced heads. */
        CONTENT,
        /** Only when it was read, or that it is being read: what GitHub says is the same. */
        FRESHNESS,
        /** Stored without telling open pages: a step Promenade changed itself, a stale mark. */
        QUIET
    }

    private static final Logger LOG = Logger.getLogger(Snapshots.class);
    /** How long a replica may take to read a pipeline before another may: GitHub's timeouts end any read sooner. */
    static final Duration CLAIM = Duration.ofMinutes(1);
    /**
     * How long an announced head no read shows is believed: GitHub's API catches up with its webhooks
     * within seconds, and deliveries may come out of order (an older head announced last).
     */
    static final Duration ANNOUNCEMENTS_TRUSTED = Duration.ofSeconds(15);

    private final PipelineReader reader;
    private final RateLimits limits;
    private final Clock clock;
    private final Freshness freshness;
    private final SnapshotStore store;
    private final List<BiConsumer<Pipeline, Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Pipeline>> announcements = new CopyOnWriteArrayList<>();
    /** The read in flight per pipeline, here or on another replica; completes when it has been stored. */
    private final Map<Pipeline, CompletableFuture<Void>> reading = new ConcurrentHashMap<>();

    @Inject
    public Snapshots(PipelineReader reader, RateLimits limits, Clock clock, Freshness freshness, SnapshotStore store) {
        this.reader = reader;
        this.limits = limits;
        this.clock = clock;
        this.freshness = freshness;
        this.store = store;
        store.onRemoteChange(this::changedElsewhere);
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
                Entry known = store.get(pipeline);
                boolean due = !known.isKnown() || (background && known.observed().attemptedAt().isBefore(staleBefore));
                if (due && reading.putIfAbsent(pipeline, done) == null) {
                    claimed.add(pipeline);
                }
            }
        }
        if (!claimed.isEmpty()) {
            claimed.forEach(pipeline -> notify(pipeline, Change.FRESHNESS));
            read(claimed, viewer).whenComplete((changes, failure) -> {
                if (failure != null) {
                    LOG.error("Reading " + claimed.size() + " repositories failed unexpectedly", failure);
                }
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
        return store.get(pipeline).observed();
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
        long marks = store.get(pipeline).marks();
        return reader.read(List.of(pipeline), viewer, this::value).thenCompose(readings -> {
            Reading reading = readings.get(pipeline);
            return record(pipeline, reading, marks).thenApply(change -> {
                if (change != null) {
                    notify(pipeline, change);
                }
                return reading;
            });
        });
    }

    /**
     * Puts a step as Promenade just changed it (a pull request it opened) into the pipeline's
     * snapshot, for the pages rendered next. Open pages are not sent it: the one that acted shows it
     * already, with what came of it, and a swap now would wipe that; the others learn it from GitHub
     * (its webhook, or the next read).
     */
    public void replaceStep(Pipeline pipeline, StepReport step) {
        store.update(pipeline, entry -> new Update(entry.observed().hasValue()
                ? entry.with(entry.observed().withValue(entry.observed().value().withStep(step)))
                : entry, Change.QUIET));
    }

    /** Makes the next view of the pipeline read it again, as when GitHub says it changed. */
    public void markStale(Pipeline pipeline) {
        store.update(pipeline, entry -> new Update(entry.with(stale(entry.observed())), Change.QUIET));
    }

    /**
     * GitHub said the pipeline changed (a webhook), and which branches moved to which commits:
     * shown with the snapshot until a read sees them, and the snapshot is read again at the next view.
     */
    public CompletionStage<Void> announce(Pipeline pipeline, Map<String, String> heads) {
        Instant now = clock.instant();
        return store.update(pipeline, entry -> {
            Map<String, String> announced = new HashMap<>(entry.announced());
            announced.putAll(heads);
            Entry marked = new Entry(stale(entry.observed()), announced, now, entry.marks() + 1, entry.version());
            return new Update(marked, announced.equals(entry.announced()) ? Change.QUIET : Change.CONTENT);
        }).thenAccept(update -> {
            if (update.change() == Change.CONTENT) {
                notify(pipeline, Change.CONTENT);
            }
            announcements.forEach(listener -> listener.accept(pipeline));
        });
    }

    /** The heads GitHub announced for the pipeline's branches that no read has seen yet. */
    public Map<String, String> announced(Pipeline pipeline) {
        return store.get(pipeline).announced();
    }

    /** Whether GitHub announced heads no read shows yet, recently enough to believe them (its API lags). */
    public boolean awaitsAnnounced(Pipeline pipeline) {
        Entry entry = store.get(pipeline);
        return !entry.announced().isEmpty() && entry.announcedAt() != null
                && clock.instant().isBefore(entry.announcedAt().plus(ANNOUNCEMENTS_TRUSTED));
    }

    /** The number of the pipeline's last change (0 when none): larger than any before it. */
    public long version(Pipeline pipeline) {
        return store.get(pipeline).version();
    }

    /** The number of the last change of any pipeline. */
    public long version() {
        return store.version();
    }

    /** Calls {@code listener} with each pipeline whose snapshot changed, and how; the returned action stops it. */
    public Runnable onChange(BiConsumer<Pipeline, Change> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Calls {@code listener} with each pipeline GitHub announced a change of, here or on another replica. */
    public void onAnnounce(Consumer<Pipeline> listener) {
        announcements.add(listener);
    }

    /** Forgets every snapshot: the next view of each pipeline waits for GitHub again. */
    public void forgetAll() {
        store.clear();
    }

    /** Reads and stores the pipelines; what changed in each snapshot stored (none: not stored). */
    private CompletionStage<Map<Pipeline, Change>> read(List<Pipeline> pipelines, Viewer viewer) {
        Map<Pipeline, Long> marks = new HashMap<>();
        pipelines.forEach(pipeline -> marks.put(pipeline, store.get(pipeline).marks()));
        return claimed(pipelines).thenCompose(mine -> mine.isEmpty()
                ? CompletableFuture.completedFuture(Map.<Pipeline, Change>of())
                : reader.read(mine, viewer, this::value).handle((readings, error) -> {
                    Map<Pipeline, CompletionStage<Change>> stored = new HashMap<>();
                    if (error == null) {
                        readings.forEach((pipeline, reading) -> stored.put(pipeline, record(pipeline, reading, marks.get(pipeline))));
                    } else {
                        failedAll(mine, error, stored);
                    }
                    return stored;
                }).thenCompose(Snapshots::all).whenComplete((changes, error) -> mine.forEach(store::release)));
    }

    /**
     * The pipelines this instance may read now; those another replica is reading are waited for
     * until it stores them (or its claim lapses).
     */
    private CompletionStage<List<Pipeline>> claimed(List<Pipeline> pipelines) {
        Duration ttl = CLAIM;
        List<CompletableFuture<Pipeline>> claims = pipelines.stream()
                .map(pipeline -> store.claim(pipeline, ttl).toCompletableFuture()
                        .exceptionally(unreachable -> true)
                        .thenCompose(mine -> mine ? CompletableFuture.completedFuture(pipeline)
                                : elsewhere(pipeline, ttl).thenApply(stored -> (Pipeline) null)))
                .toList();
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new))
                .thenApply(done -> claims.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }

    /** Completes when another replica stores the pipeline, or after {@code ttl}. */
    private CompletableFuture<Void> elsewhere(Pipeline pipeline, Duration ttl) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        Runnable[] stop = new Runnable[1];
        stop[0] = onChange((changed, change) -> {
            if (changed.equals(pipeline) && change != Change.QUIET) {
                stored.complete(null);
            }
        });
        return stored.completeOnTimeout(null, ttl.toMillis(), TimeUnit.MILLISECONDS).whenComplete((done, error) -> stop[0].run());
    }

    private void failedAll(List<Pipeline> pipelines, Throwable error, Map<Pipeline, CompletionStage<Change>> stored) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (!(cause instanceof GitHubFailure failure)) {
            LOG.error("Reading " + pipelines.size() + " repositories failed unexpectedly", cause);
            GitHubFailure unreadable = new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0, "Promenade could not read GitHub's answer");
            pipelines.forEach(pipeline -> stored.put(pipeline, failed(pipeline, unreadable)));
            return;
        }
        // Whether this viewer may still use GitHub is theirs alone: others keep the snapshot as it was.
        if (failure.kind() != GitHubFailure.Kind.UNAUTHORIZED && failure.kind() != GitHubFailure.Kind.RATE_LIMITED) {
            pipelines.forEach(pipeline -> stored.put(pipeline, failed(pipeline, failure)));
        }
    }

    private static CompletionStage<Map<Pipeline, Change>> all(Map<Pipeline, CompletionStage<Change>> stored) {
        Map<Pipeline, Change> changes = new ConcurrentHashMap<>();
        CompletableFuture<?>[] each = stored.entrySet().stream().map(entry -> entry.getValue().toCompletableFuture()
                .thenAccept(change -> {
                    if (change != null) {
                        changes.put(entry.getKey(), change);
                    }
                })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(each).thenApply(done -> changes);
    }

    /**
     * Stores what a read found; what changed for open pages, {@code null} when nothing was stored.
     *
     * @param marks the pipeline's announcements when the read started
     */
    private CompletionStage<Change> record(Pipeline pipeline, Reading reading, long marks) {
        if (reading instanceof Reading.Read read) {
            Instant now = clock.instant();
            return store.update(pipeline, entry -> {
                boolean trusted = entry.announcedAt() != null && now.isBefore(entry.announcedAt().plus(ANNOUNCEMENTS_TRUSTED));
                Map<String, String> unseen = trusted ? unseen(entry.announced(), read.status()) : Map.of();
                Observed<PipelineStatus> fresh = Observed.fresh(read.status(), now);
                // GitHub's API can lag behind its own webhooks, and a change may have been announced
                // during the read: until a read sees what was announced, read again.
                boolean behind = !unseen.isEmpty() || entry.marks() != marks;
                Entry stored = new Entry(behind ? stale(fresh) : fresh, unseen, entry.announcedAt(), entry.marks(), entry.version());
                boolean same = entry.observed().failure() == null && Objects.equals(entry.observed().value(), read.status())
                        && entry.announced().equals(unseen);
                return new Update(stored, same ? Change.FRESHNESS : Change.CONTENT);
            }).thenApply(Update::change);
        }
        if (reading instanceof Reading.Failed failed) {
            return failed(pipeline, failed.failure());
        }
        // Unreadable: this viewer may not read it, which says nothing about the repository.
        return CompletableFuture.completedFuture(null);
    }

    /** The announced heads a status does not hold yet. */
    private static Map<String, String> unseen(Map<String, String> announced, PipelineStatus status) {
        Map<String, String> unseen = new HashMap<>(announced);
        status.heads().forEach(head -> unseen.remove(head.environment().branch(), head.head().sha()));
        unseen.keySet().removeIf(branch -> status.heads().stream().noneMatch(head -> head.environment().branch().equals(branch)));
        return unseen;
    }

    /** Due for a read at the next view; a pipeline never read stays never read. */
    private static Observed<PipelineStatus> stale(Observed<PipelineStatus> known) {
        return known.attemptedAt() == null ? known
                : new Observed<>(known.value(), known.asOf(), known.failure(), known.failingSince(), Instant.EPOCH);
    }

    private CompletionStage<Change> failed(Pipeline pipeline, GitHubFailure failure) {
        Instant now = clock.instant();
        return store.update(pipeline, entry -> new Update(entry.with(entry.observed().failedAgain(failure, now)), Change.CONTENT))
                .thenApply(Update::change);
    }

    /** Another replica changed a snapshot: its pages here are told too, and what GitHub announced there is heard here. */
    private void changedElsewhere(Pipeline pipeline, Entry before, Update update) {
        if (update.change() != Change.QUIET) {
            notify(pipeline, update.change());
        }
        if (update.entry().marks() > before.marks()) {
            announcements.forEach(listener -> listener.accept(pipeline));
        }
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
        return store.get(pipeline).observed().value();
    }

    private CompletionStage<Void> awaitFirstReads(List<Pipeline> pipelines, Duration wait) {
        return within(pipelines.stream().filter(pipeline -> !store.get(pipeline).isKnown())
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
