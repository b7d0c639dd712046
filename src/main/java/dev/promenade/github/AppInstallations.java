package dev.promenade.github;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.ChainFile;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.InstalledCatalog;
import dev.promenade.pipeline.InstalledRepository;
import dev.promenade.pipeline.Installations;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * As a GitHub App, the repositories on the dashboard are those it is installed on: listed at
 * start, again when GitHub says an installation changed (its webhooks), and every
 * {@link #RELIST} in case a delivery was lost. What each declares (its chain file, or the default
 * chain's branches) decides how it shows. Every repository never read is read at once with its
 * installation's token, so that metrics have a value for each with nobody signed in.
 */
@ApplicationScoped
public class AppInstallations implements Installations {

    private static final Logger LOG = Logger.getLogger(AppInstallations.class);
    /** Installation events come in bursts (one per repository added): one listing answers them all. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    static final Duration RELIST = Duration.ofHours(1);
    /** After a listing GitHub did not answer, the next one: sooner at first (at start GitHub may not be reachable yet), then less often. */
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofMinutes(1);
    /** Every request of a listing has its own timeout; this bounds the whole, whatever happens. */
    static final Duration LISTING_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    GitHubApp app;

    @Inject
    GraphQLGateway graphql;

    @Inject
    Repositories repositories;

    @Inject
    Catalog configured;

    @Inject
    Snapshots snapshots;

    @Inject
    PromenadeConfig config;

    /**
     * What every installed repository said at its last look, by lower-case full name. Changed on the
     * timer's thread only, so that listings and looks again apply in order; read anywhere.
     */
    private final Map<String, InstalledRepository> installed = new ConcurrentHashMap<>();
    /** When each repository was last looked at alone (System.nanoTime): a listing begun before does not undo it. */
    private final Map<String, Long> lookedAt = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "promenade-installations");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> next;
    /** The listing in flight: asked again meanwhile, another follows it. */
    private CompletableFuture<Void> listing;
    private boolean listAgain;
    private volatile Duration retry = FIRST_RETRY;

    void start(@Observes StartupEvent started) {
        if (active()) {
            timer.execute(() -> list());
        }
    }

    /**
     * Whether this Promenade acts as the App. Beside the sandbox it does only in the sandbox's App mode
     * (dev mode, tests): a stand-in given an App's key (the benchmark's) plays GitHub for another
     * Promenade, and reading itself would only compete with it.
     */
    private boolean active() {
        return app.configured() && (!config.sandbox().enabled() || config.sandbox().mode() == PromenadeConfig.Sandbox.Mode.APP);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    @Override
    public CompletionStage<Optional<Viewer>> viewer(Pipeline pipeline) {
        InstalledRepository repository = installed.get(key(pipeline.repository()));
        if (repository == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return viewerOf(repository.installation()).map(Optional::of).subscribeAsCompletionStage();
    }

    @Override
    public boolean covers(Pipeline pipeline) {
        return installed.containsKey(key(pipeline.repository()));
    }

    /**
     * GitHub said installations changed: they are listed again once its deliveries settle.
     *
     * @return whether Promenade acts as the App (else the delivery means nothing here)
     */
    public boolean changed() {
        if (active()) {
            schedule(SETTLE);
        }
        return active();
    }

    /**
     * GitHub said something that may change how a repository shows (a push to its default branch
     * touching its chain file, a branch created or deleted): it is looked at again, alone.
     */
    public CompletionStage<Void> lookAgain(RepositoryName repository, long installation) {
        if (!active()) {
            return CompletableFuture.completedFuture(null);
        }
        long asked = System.nanoTime();
        CompletableFuture<Void> done = new CompletableFuture<>();
        viewerOf(installation)
                .chain(viewer -> graphql.discover(installation, List.of(repository), ChainFile.PATH, defaultBranches(), viewer))
                .subscribe().with(found -> timer.execute(() -> {
                    try {
                        lookedAt.put(key(repository), asked);
                        installed.remove(key(repository));
                        found.values().forEach(one -> installed.put(key(one.repository()), one));
                        show();
                    } finally {
                        done.complete(null);
                    }
                }), failure -> {
                    // Not lost: the next listing (soon, not in an hour) looks at it with the others.
                    LOG.warnf("Looking again at %s's chain failed (%s): listing the installations again", repository,
                            failure.getMessage());
                    schedule(FIRST_RETRY);
                    done.complete(null);
                });
        return done;
    }

    /** Lists every installation's repositories now (or right after the listing in flight), then shows them. */
    public synchronized CompletionStage<Void> list() {
        if (listing != null) {
            listAgain = true;
            return listing;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        listing = mine;
        long started = System.nanoTime();
        app.installations().chain(installations -> Multi.createFrom().iterable(installations)
                .onItem().transformToUniAndConcatenate(installation -> repositoriesOf(installation.id()))
                .collect().asList())
                .ifNoItem().after(LISTING_TIMEOUT).fail()
                .subscribe().with(lists -> timer.execute(() -> {
                    try {
                        Map<String, InstalledRepository> all = new LinkedHashMap<>();
                        lists.forEach(list -> list.forEach(one -> all.put(key(one.repository()), one)));
                        // A repository looked at again since this listing began is as that look found it.
                        lookedAt.forEach((key, at) -> {
                            if (at - started > 0) {
                                all.remove(key);
                                Optional.ofNullable(installed.get(key)).ifPresent(one -> all.put(key, one));
                            }
                        });
                        lookedAt.values().removeIf(at -> at - started <= 0);
                        installed.clear();
                        installed.putAll(all);
                        show();
                        retry = FIRST_RETRY;
                    } catch (RuntimeException e) {
                        LOG.error("Showing the GitHub App's repositories failed", e);
                    } finally {
                        listed(mine, RELIST);
                    }
                }), failure -> {
                    Duration in = retry;
                    retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
                    LOG.warnf("Listing the GitHub App's installations failed (%s); trying again in %d s", failure.getMessage(),
                            in.toSeconds());
                    listed(mine, in);
                });
        return mine;
    }

    private void listed(CompletableFuture<Void> done, Duration nextIn) {
        boolean again;
        synchronized (this) {
            listing = null;
            again = listAgain;
            listAgain = false;
        }
        done.complete(null);
        schedule(again ? Duration.ZERO : nextIn);
    }

    private synchronized void schedule(Duration in) {
        // One that has started (it may not have returned yet) is no longer waiting: it does not stand for this one.
        boolean waiting = next != null && next.getDelay(TimeUnit.MILLISECONDS) > 0;
        if (waiting && next.getDelay(TimeUnit.MILLISECONDS) <= in.toMillis()) {
            return;
        }
        if (waiting) {
            next.cancel(false);
        }
        next = timer.schedule(() -> list(), in.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What an installation's repositories declare. An installation GitHub refuses (suspended,
     * uninstalled) has none; one it fails to answer for keeps what it had.
     */
    private Uni<List<InstalledRepository>> repositoriesOf(long installation) {
        return app.repositories(installation)
                .chain(listed -> {
                    List<RepositoryName> names = listed.stream().filter(repository -> !repository.archived())
                            .map(repository -> RepositoryName.parse(repository.fullName())).flatMap(Optional::stream).toList();
                    return viewerOf(installation).chain(viewer -> graphql.discover(installation, names, ChainFile.PATH,
                            defaultBranches(), viewer));
                })
                .map(found -> List.copyOf(found.values()))
                .onFailure(GitHubFailure.class).recoverWithUni(failure -> {
                    GitHubFailure.Kind kind = ((GitHubFailure) failure).kind();
                    if (kind == GitHubFailure.Kind.UNAUTHORIZED || kind == GitHubFailure.Kind.FORBIDDEN
                            || kind == GitHubFailure.Kind.NOT_FOUND) {
                        LOG.infof("GitHub refuses installation %d (%s): its repositories are not shown", installation, kind);
                        return Uni.createFrom().item(List.of());
                    }
                    LOG.warnf("Listing installation %d's repositories failed (%s): keeping what it had", installation,
                            failure.getMessage());
                    return Uni.createFrom().item(installed.values().stream()
                            .filter(repository -> repository.installation() == installation).toList());
                });
    }

    /** Shows what the installations hold, and reads every repository never read, per installation. */
    private void show() {
        List<InstalledRepository> all = new ArrayList<>(installed.values());
        Catalog catalog = InstalledCatalog.of(all, configured);
        if (!catalog.equals(repositories.catalog())) {
            LOG.infof("The GitHub App is installed on %d repositories: %d shown, %d with a chain file Promenade cannot use",
                    all.size(), catalog.pipelines().size(), catalog.misconfigured().size());
        }
        repositories.replace(catalog);
        Map<Long, List<Pipeline>> unread = new HashMap<>();
        Map<String, Long> installationOf = new HashMap<>();
        all.forEach(repository -> installationOf.put(key(repository.repository()), repository.installation()));
        catalog.pipelines().stream().filter(pipeline -> snapshots.snapshot(pipeline).attemptedAt() == null)
                .forEach(pipeline -> unread.computeIfAbsent(installationOf.get(key(pipeline.repository())), id -> new ArrayList<>())
                        .add(pipeline));
        unread.forEach((installation, pipelines) -> viewerOf(installation).subscribe().with(
                viewer -> snapshots.refreshIfStale(pipelines, viewer),
                failure -> LOG.warnf("No token for installation %d (%s): its repositories are read when someone looks",
                        installation, failure.getMessage())));
    }

    private Uni<Viewer> viewerOf(long installation) {
        return app.installationToken(installation).map(token -> new Viewer(login(installation), token));
    }

    /** The name an installation's reads and budget go by (a bot's, never a person's). */
    static String login(long installation) {
        return LOGIN_PREFIX + installation + "[bot]";
    }

    static final String LOGIN_PREFIX = "installation-";

    private List<String> defaultBranches() {
        return configured.defaultChain().stream().map(Environment::branch).toList();
    }

    private static String key(RepositoryName repository) {
        return repository.fullName().toLowerCase(Locale.ROOT);
    }
}
