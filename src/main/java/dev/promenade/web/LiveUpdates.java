package dev.promenade.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.promenade.auth.AccessUnknown;
import dev.promenade.auth.EndedSessions;
import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.config.Configuration;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import dev.promenade.pipeline.Watchers;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;


/**
 * The open pages and what they show: when a repository's snapshot changes, each page showing it
 * gets the changed part, rendered for its user, as a server-sent event; a page that connects
 * (again) first gets what changed since it was rendered (or since the last event it got). Open
 * pages are also who GitHub can be read as when a webhook says a repository changed.
 * <p>
 * A page is sent only what its user may still see: its stream ends (the page says why) within a
 * second of its session ending — signed out in any tab or on any replica, its 8 hours over, its
 * token refused by GitHub — and when GitHub, asked again every {@code promenade.access-check-ttl},
 * no longer lets its user read a repository it shows. Changes are rendered on worker threads,
 * in order on a thread of their own, never on the thread that heard of them (Redis' or the event loop).
 */
@ApplicationScoped
public class LiveUpdates implements Watchers {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    /** What an open page shows, and so what it is sent. */
    enum View {
        /** Every repository's block, swapped one by one. */
        OVERVIEW,
        /** One repository's page, swapped whole. */
        REPOSITORY,
        /** One step's pending commits, swapped whole. */
        PENDING
    }

    @Inject
    Snapshots snapshots;

    @Inject
    PromenadeConfig config;

    @Inject
    PageReads reads;

    @Inject
    CardBodies cards;

    @Inject
    @Location("tags/freshness")
    Template freshness;

    @Inject
    @Location("tags/summary")
    Template summary;

    @Inject
    RepositoryPermissions permissions;

    @Inject
    EndedSessions sessions;

    @Inject
    Clock clock;

    /**
     * As a GitHub App, how long before its token expires Quarkus refreshes a session on its next
     * request (see {@code LoginModes}); empty as an OAuth App, whose sessions simply end.
     */
    @ConfigProperty(name = "quarkus.oidc.token.refresh-token-time-skew")
    Optional<Duration> refreshWithin;

    /** How often open pages are looked at: whether their session ended, whether a heartbeat is due. */
    static final Duration TICK = Duration.ofMillis(500);

    private final Set<Page> pages = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "promenade-live");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Where changes are rendered and sent: a thread of its own, so that pages get them in the order
     * they were made, and neither Redis' thread nor the event loop waits for rendering.
     */
    private final ExecutorService fanOut = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "promenade-fan-out");
        thread.setDaemon(true);
        return thread;
    });
    private Runnable stopListening;
    /** The changes waiting for the fan-out thread, by pipeline. */
    private final Map<Pipeline, Snapshots.Change> queued = new ConcurrentHashMap<>();
    /** When each user with open pages last had their access checked for them. */
    private final Map<String, Instant> accessChecked = new ConcurrentHashMap<>();

    /** Why a page's stream ended: what the page then says. */
    enum Ending {
        SESSION("Your session ended, so this page no longer updates itself. <a href=\"/\">Sign in again</a>."),
        ACCESS("GitHub no longer lets you read something this page shows, so it no longer updates itself."
                + " <a href=\"/\">Back to the overview</a>."),
        UNCHECKED("GitHub has not said for too long whether you may still read what this page shows, so it no longer"
                + " updates itself. Reload it in a few minutes.");

        private final String html;

        Ending(String html) {
            this.html = html;
        }
    }

    /**
     * One open page.
     *
     * @param repositories what it shows, by pipeline: only what its user may read
     * @param rows         the repositories whose blocks it shows (the overview's page of the board; else all)
     * @param step         the step a pending page lists, else {@code null}
     * @param listPage     which page of the step's pending commits a pending page shows
     * @param token        the CSRF token of its forms
     * @param session      its session's token's fingerprint ({@link EndedSessions#fingerprint})
     * @param endsAt       when its session ends ({@code null}: not known)
     * @param renewAt      as a GitHub App, when its stream ends for the browser to open it again, which
     *                     refreshes the session's token ({@code null}: never)
     * @param lastBeat     when it was last sent a heartbeat, in {@link System#nanoTime()}
     */
    private record Page(View view, Viewer viewer, Map<Pipeline, ReadableRepository> repositories, Set<Pipeline> rows, PromotionStep step,
            int listPage, String token, String base, Sse sse, MultiEmitter<? super OutboundSseEvent> emitter, String session,
            Instant endsAt, Instant renewAt, AtomicLong lastBeat) {
    }

    @PostConstruct
    void listen() {
        stopListening = snapshots.onChange(this::queue);
        sessions.onEnded((fingerprint, signedOut) -> pages.stream().filter(page -> page.session().equals(fingerprint))
                .forEach(page -> endOrRenew(page, signedOut)));
        timer.scheduleWithFixedDelay(this::lookAtPages, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        stopListening.run();
        timer.shutdownNow();
        fanOut.shutdownNow();
    }

    /**
     * The events of one open page: what changed since {@code since} at once, then each change as
     * it happens, and heartbeats.
     */
    Multi<OutboundSseEvent> subscribe(View view, Viewer viewer, List<ReadableRepository> repositories, Set<Pipeline> rows,
            PromotionStep step, int listPage, String token, String base, long since, Sse sse, Instant endsAt) {
        Map<Pipeline, ReadableRepository> shown = new LinkedHashMap<>();
        repositories.forEach(repository -> shown.put(repository.pipeline(), repository));
        Set<Pipeline> blocks = rows == null ? shown.keySet() : Set.copyOf(rows);
        return Multi.createFrom().emitter(emitter -> {
            Page page = new Page(view, viewer, shown, blocks, step, listPage, token, base, sse, emitter,
                    viewer.token() == null ? "" : EndedSessions.fingerprint(viewer.token()), endsAt, renewAt(endsAt),
                    new AtomicLong(System.nanoTime()));
            // Asked again once the answers the page was opened with are due.
            accessChecked.putIfAbsent(viewer.login(), permissions.checkedAt(viewer).orElse(clock.instant()));
            pages.add(page);
            emitter.onTermination(() -> pages.remove(page));
            if (sessions.isEndedFingerprint(page.session())) {
                end(page, Ending.SESSION);
                return;
            }
            // What changed since, then when the rest was read: the page may say "reading GitHub again…" of a read since done.
            List<Pipeline> changed = shown.keySet().stream().filter(pipeline -> snapshots.version(pipeline) > since)
                    .sorted(Comparator.comparingLong(snapshots::version)).toList();
            Map<Set<Pipeline>, String> summaries = new HashMap<>();
            changed.forEach(pipeline -> send(page, pipeline, summaries));
            blocks.stream().filter(pipeline -> !changed.contains(pipeline))
                    .forEach(pipeline -> sendFreshness(page, reads.card(shown.get(pipeline))));
        });
    }

    /**
     * Ends the streams of sessions that ended and of pages showing what their user may no longer
     * read (asked again every access-check TTL); sends the others a heartbeat when one is due.
     */
    private void lookAtPages() {
        try {
            Instant now = clock.instant();
            Map<String, List<Page>> byViewer = new HashMap<>();
            for (Page page : pages) {
                if (page.renewAt() != null && !now.isBefore(page.renewAt())) {
                    renew(page);
                } else if (page.endsAt() != null && !now.isBefore(page.endsAt()) || sessions.isEndedFingerprint(page.session())) {
                    endOrRenew(page, false);
                } else {
                    byViewer.computeIfAbsent(page.viewer().login(), login -> new ArrayList<>()).add(page);
                    if (System.nanoTime() - page.lastBeat().get() >= config.heartbeat().toNanos()) {
                        page.lastBeat().set(System.nanoTime());
                        page.emitter().emit(page.sse().newEventBuilder().comment("still here").build());
                    }
                }
            }
            accessChecked.keySet().retainAll(byViewer.keySet());
            byViewer.forEach((login, of) -> {
                Instant last = accessChecked.putIfAbsent(login, now);
                if (last != null && !now.isBefore(last.plus(config.accessCheckTtl()))) {
                    accessChecked.put(login, now);
                    checkAccess(of);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Looking at open pages failed", e);
        }
    }

    /** The pages of one user, each ended if GitHub no longer lets them read a repository it shows. */
    private void checkAccess(List<Page> of) {
        permissions.visibility(of.get(0).viewer()).whenComplete((visibility, failure) -> {
            if (failure != null) {
                // A refused token ended the session (EndedTokenFilter); GitHub failing within the outage grace leaves the pages as they are.
                if ((failure instanceof CompletionException ? failure.getCause() : failure) instanceof AccessUnknown) {
                    of.forEach(page -> end(page, Ending.UNCHECKED));
                }
                return;
            }
            Set<Pipeline> readable = new HashSet<>();
            visibility.readable().forEach(repository -> readable.add(repository.pipeline()));
            Set<Pipeline> known = permissions.answeredFor(of.get(0).viewer());
            of.stream().filter(page -> page.repositories().keySet().stream()
                    .anyMatch(pipeline -> known.contains(pipeline) && !readable.contains(pipeline)))
                    .forEach(page -> end(page, Ending.ACCESS));
        });
    }

    /**
     * As a GitHub App, a refused or expiring token may have been refreshed since (by another page of
     * the session): the stream ends for the browser to open it again, with the session as it is now.
     * A session signed out, or an OAuth App's, ends with a word on the page.
     */
    private void endOrRenew(Page page, boolean signedOut) {
        if (refreshes() && !signedOut) {
            renew(page);
        } else {
            end(page, Ending.SESSION);
        }
    }

    /**
     * Ends the stream without a word: the browser opens it again at once (an EventSource does), and
     * that request refreshes the session's token when it is due.
     */
    private void renew(Page page) {
        if (pages.remove(page)) {
            page.emitter().complete();
        }
    }

    /**
     * When, as a GitHub App, a stream ends to refresh its session: at a random moment in the middle of
     * the time before the token expires in which Quarkus refreshes it, so that a user's open pages
     * do not all refresh the same token at once (GitHub takes a refresh token once).
     */
    private Instant renewAt(Instant endsAt) {
        if (endsAt == null || !refreshes()) {
            return null;
        }
        long within = refreshWithin.get().toMillis();
        return endsAt.minusMillis(within / 5 + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, within * 3 / 5)));
    }

    private boolean refreshes() {
        return refreshWithin.isPresent() && Configuration.appMode(config);
    }

    /** Says why on the page (which then closes its connection instead of opening it again), and ends its stream. */
    private void end(Page page, Ending why) {
        if (pages.remove(page)) {
            page.emitter().emit(page.sse().newEventBuilder().name("ended")
                    .data("<p class=\"live-ended\" role=\"alert\">" + why.html + "</p>").build());
            page.emitter().complete();
        }
    }

    /** How many pages {@code login} has open with live updates, on this replica. */
    int openBy(String login) {
        return (int) pages.stream().filter(page -> page.viewer().login().equals(login)).count();
    }

    @Override
    public List<Viewer> of(Pipeline pipeline) {
        Map<String, Viewer> viewers = new LinkedHashMap<>();
        pages.stream().filter(page -> page.repositories().containsKey(pipeline))
                .forEach(page -> viewers.putIfAbsent(page.viewer().login(), page.viewer()));
        return new ArrayList<>(viewers.values());
    }

    @Override
    public Map<Viewer, Set<Pipeline>> watching() {
        Map<String, Viewer> viewers = new HashMap<>();
        Map<Viewer, Set<Pipeline>> watching = new HashMap<>();
        for (Page page : pages) {
            Viewer viewer = viewers.computeIfAbsent(page.viewer().login(), login -> page.viewer());
            // What shows on it: an overview's page of the board, not the rest its summary counts.
            watching.computeIfAbsent(viewer, same -> new LinkedHashSet<>()).addAll(page.rows());
        }
        return watching;
    }

    /**
     * A change to send, rendered on the fan-out thread: one task per pipeline waits there at most,
     * so changes coming faster than pages are rendered are sent as one (the newest state).
     */
    private void queue(Pipeline pipeline, Snapshots.Change change) {
        boolean[] first = {false};
        queued.compute(pipeline, (same, waiting) -> {
            first[0] = waiting == null;
            return waiting == Snapshots.Change.CONTENT ? waiting : change;
        });
        if (first[0]) {
            fanOut.execute(() -> {
                Snapshots.Change merged = queued.remove(pipeline);
                if (merged != null) {
                    changed(pipeline, merged);
                }
            });
        }
    }

    private void changed(Pipeline pipeline, Snapshots.Change change) {
        List<Page> showing = pages.stream().filter(page -> page.repositories().containsKey(pipeline)).toList();
        if (showing.isEmpty()) {
            return;
        }
        if (change == Snapshots.Change.CONTENT) {
            // Pages showing the same repositories share one summary line, rendered once.
            Map<Set<Pipeline>, String> summaries = new HashMap<>();
            showing.forEach(page -> send(page, pipeline, summaries));
            return;
        }
        // The same for every user: when it was read is no secret of any of them.
        List<Page> blocks = showing.stream().filter(page -> page.rows().contains(pipeline)).toList();
        if (blocks.isEmpty()) {
            return;
        }
        RepositoryCard card = reads.card(blocks.get(0).repositories().get(pipeline));
        String html = freshness.data("card", card).render();
        blocks.forEach(page -> emitFreshness(page, card, html));
    }

    private void sendFreshness(Page page, RepositoryCard card) {
        emitFreshness(page, card, freshness.data("card", card).render());
    }

    private static void emitFreshness(Page page, RepositoryCard card, String html) {
        page.emitter().emit(page.sse().newEventBuilder().name("fresh-" + card.domId()).data(html).build());
    }

    /** @param summaries the overview summary lines rendered so far for this change, by what their pages show */
    private void send(Page page, Pipeline pipeline, Map<Set<Pipeline>, String> summaries) {
        long version = snapshots.version(pipeline);
        RepositoryCard card = reads.card(page.repositories().get(pipeline));
        try {
            switch (page.view()) {
                case OVERVIEW -> {
                    // Every block it may show: the rows of its page may have moved since it was rendered (a
                    // sort by pending); a block not on the page is not swapped in.
                    emit(page, version, card.domId(), cards.render(card, "/", true, page.token()).toString(), card);
                    String line = summaries.computeIfAbsent(page.repositories().keySet(), shown -> summary.data("summary",
                            DriftSummary.of(page.repositories().values().stream().map(reads::card).toList())).render());
                    page.emitter().emit(page.sse().newEventBuilder().name("summary").data(line).build());
                }
                case REPOSITORY -> emit(page, version, "repository", RepositoryResource.Templates
                        .pipeline$repository(card, RepositoryResource.PREVIEW, page.token()).render(), card);
                case PENDING -> reads.pendingList(card, page.step(), page.viewer(), null, page.base(), page.listPage())
                        .subscribe().with(list -> emit(page, version, "pending-list",
                                RepositoryResource.Templates.pending$list(list, page.token()).render(), card),
                                failure -> LOG.debug("A live update of a pending list failed", failure));
            }
        } catch (RuntimeException e) {
            LOG.warn("A live update could not be rendered", e);
        }
    }

    private void emit(Page page, long version, String name, String html, RepositoryCard card) {
        page.emitter().emit(page.sse().newEventBuilder().id(String.valueOf(version)).name(name).data(html).build());
        page.emitter().emit(page.sse().newEventBuilder().name("note").data(note(card)).build());
    }

    /** What changed, in words, for screen readers. */
    private String note(RepositoryCard card) {
        StringBuilder note = new StringBuilder(card.name()).append(" updated");
        if (!card.announced().isEmpty()) {
            card.announced().forEach(head -> note.append("; new commit ").append(head.shortSha()).append(" on ")
                    .append(head.branch()));
        }
        card.steps().forEach(step -> note.append("; ").append(step.target()).append(": ").append(step.summary()));
        return note.append('.').toString();
    }
}
