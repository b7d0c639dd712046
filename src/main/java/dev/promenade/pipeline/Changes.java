package dev.promenade.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * What GitHub says changed (its webhooks), turned into reads: the snapshot is marked stale at once,
 * and read again with the GitHub App installation's token, or (as an OAuth App) with the token of
 * someone whose open page shows it. A burst of changes makes one
 * read: it waits for {@link #QUIET} without news (at most {@link #LONGEST}). Nobody looking: the next
 * visit reads it. GitHub's API can lag behind its webhooks, so a read that does not see an announced
 * head yet is followed by another, a few times. Without webhooks, what open pages show is read
 * again once it is older than {@code promenade.refresh-after}, as their users.
 */
@ApplicationScoped
public class Changes {

    static final Duration QUIET = Duration.ofMillis(250);
    static final Duration LONGEST = Duration.ofSeconds(2);
    /**
     * Reads after one announcement at most, for GitHub to catch up with its own webhook: each waits
     * twice as long as the one before (0.25 s, 0.5 s, 1 s, 2 s, 4 s).
     */
    static final int READS = 5;
    /** How often the age of what open pages show is looked at. */
    static final Duration AGE_CHECK = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(Changes.class);

    private final Snapshots snapshots;
    private final Watchers watchers;
    private final Installations installations;
    private final RateLimits limits;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "promenade-changes");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Pipeline, Burst> bursts = new ConcurrentHashMap<>();

    /** Changes waiting for a read: since when, the read scheduled, the reads done for them. */
    private record Burst(long firstNanos, ScheduledFuture<?> read, int reads) {
    }

    @Inject
    public Changes(Snapshots snapshots, Watchers watchers, Installations installations, RateLimits limits) {
        this.limits = limits;
        this.snapshots = snapshots;
        this.watchers = watchers;
        this.installations = installations;
    }

    /** GitHub said the pipeline changed; {@code heads}: the branches a push moved, to their new commits. */
    public void changed(Pipeline pipeline, Map<String, String> heads) {
        snapshots.announce(pipeline, heads);
    }

    private void schedule(Pipeline pipeline, int reads) {
        bursts.compute(pipeline, (same, burst) -> {
            long now = System.nanoTime();
            long first = burst == null ? now : burst.firstNanos();
            if (burst != null) {
                burst.read().cancel(false);
            }
            long wait = burst == null && reads > 0 ? QUIET.toNanos() << reads
                    : Math.min(QUIET.toNanos(), Math.max(0, first + LONGEST.toNanos() - now));
            return new Burst(first, timer.schedule(() -> read(pipeline), wait, TimeUnit.NANOSECONDS),
                    Math.max(reads, burst == null ? 0 : burst.reads()));
        });
    }

    private void read(Pipeline pipeline) {
        Burst burst = bursts.remove(pipeline);
        int reads = burst == null ? 1 : burst.reads() + 1;
        installations.viewer(pipeline).whenComplete((installation, failure) -> timer.execute(() ->
                read(pipeline, reads, installation == null ? Optional.empty() : installation)));
    }

    /** Read as the App's installation when there is one, else as someone looking (nobody: the next visit reads it). */
    private void read(Pipeline pipeline, int reads, Optional<Viewer> installation) {
        List<Viewer> readers = new ArrayList<>();
        installation.ifPresent(readers::add);
        readers.addAll(watchers.of(pipeline));
        for (Viewer viewer : readers) {
            if (!snapshots.refreshIfStale(List.of(pipeline), viewer).isEmpty() || snapshots.isReading(pipeline)) {
                break;
            }
        }
        if (!snapshots.isReading(pipeline)) {
            return;
        }
        snapshots.settled(List.of(pipeline), LONGEST.multipliedBy(5)).thenRun(() -> {
            if (!snapshots.announced(pipeline).isEmpty() && reads < READS && !bursts.containsKey(pipeline)) {
                schedule(pipeline, reads);
            }
        });
    }

    /** Open pages stay true without webhooks: what they show is read again when it is due. */
    void start(@Observes StartupEvent started) {
        // Announced here or on another replica: read by whichever replica has someone looking.
        snapshots.onAnnounce(pipeline -> schedule(pipeline, 0));
        timer.scheduleWithFixedDelay(this::refreshWatched, AGE_CHECK.toMillis(), AGE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads again, in the background, what a page shows and is due: as the GitHub App's installation
     * when one reads the repository (a person's budget is kept for what they wait for), else as the
     * page's user. What was never read is read as the user: their page waits for it.
     */
    public void refresh(Collection<Pipeline> pipelines, Viewer user) {
        List<Pipeline> theirs = new ArrayList<>();
        List<Pipeline> installed = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            (installations.covers(pipeline) && snapshots.snapshot(pipeline).attemptedAt() != null ? installed : theirs).add(pipeline);
        }
        snapshots.refreshIfStale(theirs, user);
        if (installed.isEmpty()) {
            return;
        }
        List<CompletableFuture<Optional<Viewer>>> viewers = installed.stream()
                .map(pipeline -> installations.viewer(pipeline).toCompletableFuture()).toList();
        CompletableFuture.allOf(viewers.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
            Map<Viewer, List<Pipeline>> byInstallation = new HashMap<>();
            for (int i = 0; i < installed.size(); i++) {
                // The installation's budget spent (or refused): the user's, as without an App.
                Optional<Viewer> installation = (viewers.get(i).isCompletedExceptionally() ? Optional.<Viewer>empty()
                        : viewers.get(i).join()).filter(viewer -> limits.backgroundPausedUntil(viewer.login()) == null);
                byInstallation.computeIfAbsent(installation.orElse(user), any -> new ArrayList<>()).add(installed.get(i));
            }
            byInstallation.forEach((viewer, group) -> snapshots.refreshIfStale(group, viewer));
        });
    }

    private void refreshWatched() {
        try {
            // Those GitHub announced changes for are read when the burst is over, and again while its API lags.
            watchers.watching().forEach((viewer, pipelines) -> refresh(pipelines.stream()
                    .filter(pipeline -> !bursts.containsKey(pipeline) && !snapshots.awaitsAnnounced(pipeline)).toList(), viewer));
        } catch (RuntimeException e) {
            LOG.warn("Reading what open pages show again failed", e);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
