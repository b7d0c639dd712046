package dev.promenade.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineReader;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Viewer;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;

/**
 * Which configured repositories a user may read and push to, as GitHub says with their token:
 * one query answers for every configured repository, and the answers are trusted for
 * {@code promenade.access-check-ttl}. A repository they cannot read behaves exactly like one that
 * is not configured.
 */
@ApplicationScoped
public class RepositoryPermissions {

    @Inject
    Repositories repositories;

    @Inject
    PipelineReader reader;

    @Inject
    Clock clock;

    @Inject
    PromenadeConfig config;

    /**
     * Per user, GitHub's answers for every configured repository. They are kept longer than they
     * are trusted (see {@code promenade.access-check-ttl}): a stale one is used only while GitHub
     * cannot be asked.
     */
    @Inject
    @CacheName("repository-access")
    Cache answers;

    /** The answers other replicas got. */
    @Inject
    SharedAccessAnswers shared;

    private static final java.time.format.DateTimeFormatter AT = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    /** How soon the repositories GitHub failed to answer for are asked for again. */
    private static final Duration ASK_AGAIN_AFTER = Duration.ofSeconds(2);

    /** The question in flight per user: however many of their pages ask at once, GitHub is asked once. */
    private final Map<String, CompletableFuture<Void>> asking = new ConcurrentHashMap<>();

    /**
     * The configured repositories the user may read, in configuration order.
     *
     * @return a stage failing with {@link AccessUnknown} when GitHub fails and none of its answers
     *         for the user is younger than the outage grace
     */
    public CompletionStage<Visibility> visibility(Viewer viewer) {
        return answered(viewer).thenApply(failure -> {
            List<ReadableRepository> readable = new ArrayList<>();
            int unchecked = 0;
            AccessAnswers known = usable(known(viewer), failure);
            for (Pipeline pipeline : repositories.pipelines()) {
                Optional<RepositoryAccess> answer = known == null ? null : known.access().get(pipeline.repository());
                if (answer == null) {
                    unchecked++;
                } else {
                    answer.ifPresent(access -> readable.add(new ReadableRepository(pipeline, access)));
                }
            }
            if (known == null && failure != null) {
                throw unknown(viewer, "the repositories configured here", failure);
            }
            List<Catalog.Misconfigured> misconfigured = repositories.catalog().misconfigured().stream()
                    .filter(repository -> known != null && known.access().getOrDefault(repository.repository(), Optional.empty()).isPresent())
                    .toList();
            return new Visibility(readable, unchecked, unchecked == 0 ? null : failure, misconfigured);
        });
    }

    /**
     * The configured repository the user may read.
     *
     * @return a stage failing with {@link NotFoundException} when it is not configured or the user
     *         may not read it, alike; with {@link AccessUnknown} when GitHub cannot say
     */
    public CompletionStage<ReadableRepository> readable(Viewer viewer, String owner, String name) {
        Optional<Pipeline> pipeline = RepositoryName.parse(owner + "/" + name).flatMap(repositories::find);
        if (pipeline.isEmpty()) {
            return CompletableFuture.failedFuture(notFound(owner, name));
        }
        return answered(viewer).thenApply(failure -> {
            AccessAnswers known = usable(known(viewer), failure);
            Optional<RepositoryAccess> answer = known == null ? null : known.access().get(pipeline.get().repository());
            if (answer == null) {
                throw unknown(viewer, pipeline.get().repository().fullName(), failure);
            }
            return answer.map(access -> new ReadableRepository(pipeline.get(), access))
                    .orElseThrow(() -> notFound(owner, name));
        });
    }

    /**
     * The answers that may be used: while GitHub answers, the latest; while it fails, those it gave
     * within the outage grace, the same on every page.
     */
    private AccessAnswers usable(AccessAnswers known, GitHubFailure failure) {
        if (known == null || failure == null) {
            return known;
        }
        return known.checkedAt().isAfter(clock.instant().minus(config.github().outageGrace())) ? known : null;
    }

    private AccessUnknown unknown(Viewer viewer, String what, GitHubFailure failure) {
        AccessAnswers known = known(viewer);
        String last = known == null ? "GitHub has not said yet whether you may read " + what
                : "GitHub last said whether you may read " + what + " at " + AT.format(known.checkedAt())
                        + ", longer ago than Promenade trusts such an answer while GitHub fails ("
                        + describe(config.github().outageGrace()) + ")";
        String why = failure == null ? "GitHub did not answer for it" : failure.getMessage();
        return new AccessUnknown(last + ". " + why + (why.endsWith(".") ? "" : "."));
    }

    /** When GitHub last answered for the user, if it did. */
    public Optional<Instant> checkedAt(Viewer viewer) {
        return Optional.ofNullable(known(viewer)).map(AccessAnswers::checkedAt);
    }

    /** The configured pipelines GitHub answered for, readable by the user or not. */
    public Set<Pipeline> answeredFor(Viewer viewer) {
        AccessAnswers known = known(viewer);
        Set<Pipeline> answered = new HashSet<>();
        if (known != null) {
            repositories.pipelines().stream().filter(pipeline -> known.access().containsKey(pipeline.repository())
                    && !known.unanswered().contains(pipeline.repository())).forEach(answered::add);
        }
        return answered;
    }

    /** The configured pipelines the user may read, or whose answer is not known yet: worth reading as them. */
    public List<Pipeline> perhapsReadable(Viewer viewer) {
        return repositories.pipelines().stream().filter(pipeline -> perhapsReadable(viewer, pipeline)).toList();
    }

    /** The configured pipeline of {@code owner/name}, if the user may read it or their answer is not known yet. */
    public Optional<Pipeline> perhapsReadable(Viewer viewer, String owner, String name) {
        return RepositoryName.parse(owner + "/" + name).flatMap(repositories::find)
                .filter(pipeline -> perhapsReadable(viewer, pipeline));
    }

    private boolean perhapsReadable(Viewer viewer, Pipeline pipeline) {
        Optional<RepositoryAccess> answer = access(viewer, pipeline);
        return answer == null || answer.isPresent();
    }

    /**
     * Asks GitHub when the answers are older than the TTL, or, a few seconds after GitHub failed to
     * answer for some repositories (an error is no answer to keep), for those only. Completes with
     * why the question failed ({@code null} when it did not), answers known from before standing in
     * while GitHub fails (not when GitHub no longer accepts the user's token, which fails the stage).
     */
    private CompletionStage<GitHubFailure> answered(Viewer viewer) {
        if (settled(known(viewer))) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> asked = asking.putIfAbsent(viewer.login(), mine);
        if (asked == null) {
            ask(viewer, mine);
        }
        return (asked == null ? mine : asked).handle((done, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof GitHubFailure failure && failure.kind() != GitHubFailure.Kind.UNAUTHORIZED) {
                return failure;
            }
            throw cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
        });
    }

    private boolean trusted(AccessAnswers answers) {
        return answers != null && answers.checkedAt().isAfter(clock.instant().minus(config.accessCheckTtl()));
    }

    /** Trusted, and nothing left to ask again yet. */
    private boolean settled(AccessAnswers answers) {
        return trusted(answers) && (answers.unanswered().isEmpty() && unasked(answers).isEmpty()
                || answers.askedAt().isAfter(clock.instant().minus(ASK_AGAIN_AFTER)));
    }

    /** The repositories shown now that the answers do not cover: the dashboard gained them since (a GitHub App installed on them). */
    private List<RepositoryName> unasked(AccessAnswers answers) {
        return shown().stream().filter(repository -> !answers.access().containsKey(repository)).toList();
    }

    /** Every repository on the dashboard, those shown with what is wrong with their chain too. */
    private List<RepositoryName> shown() {
        Catalog catalog = repositories.catalog();
        List<RepositoryName> shown = new ArrayList<>(catalog.pipelines().stream().map(Pipeline::repository).toList());
        catalog.misconfigured().forEach(repository -> shown.add(repository.repository()));
        return shown;
    }

    /**
     * What another replica got from GitHub for the user, if newer; then GitHub's answer now, if
     * still needed: for every configured repository, or, while the answers are trusted, for those
     * GitHub did not answer for.
     */
    private void ask(Viewer viewer, CompletableFuture<Void> question) {
        shared.load(viewer.login()).whenComplete((elsewhere, ignored) -> {
            AccessAnswers before = known(viewer);
            if (trusted(elsewhere) && (before == null || elsewhere.askedAt().isAfter(before.askedAt()))) {
                keep(viewer, elsewhere);
                before = elsewhere;
            }
            if (settled(before)) {
                asking.remove(viewer.login(), question);
                question.complete(null);
                return;
            }
            boolean again = trusted(before);
            Set<RepositoryName> asked = new LinkedHashSet<>();
            if (again) {
                asked.addAll(before.unanswered());
                asked.addAll(unasked(before));
            } else {
                asked.addAll(shown());
            }
            List<RepositoryName> repositories = List.copyOf(asked);
            reader.access(repositories, viewer).whenComplete((answered, error) -> {
                if (error == null) {
                    AccessAnswers latest = known(viewer);
                    Map<RepositoryName, Optional<RepositoryAccess>> access = new HashMap<>(latest == null ? Map.of() : latest.access());
                    access.putAll(answered);
                    Set<RepositoryName> unanswered = new HashSet<>(repositories);
                    if (again && latest != null) {
                        unanswered.addAll(latest.unanswered());
                    }
                    unanswered.removeAll(answered.keySet());
                    Instant checked = again && latest != null ? latest.checkedAt() : clock.instant();
                    AccessAnswers now = new AccessAnswers(access, checked, unanswered, clock.instant());
                    keep(viewer, now);
                    shared.save(viewer.login(), now);
                }
                asking.remove(viewer.login(), question);
                if (error != null) {
                    question.completeExceptionally(error);
                } else {
                    question.complete(null);
                }
            });
        });
    }

    private void keep(Viewer viewer, AccessAnswers given) {
        answers.as(CaffeineCache.class).put(viewer.login(), CompletableFuture.completedFuture(given));
    }

    private AccessAnswers known(Viewer viewer) {
        CompletableFuture<Object> known = answers.as(CaffeineCache.class).getIfPresent(viewer.login());
        return known == null ? null : (AccessAnswers) known.join();
    }

    /** What GitHub last said of a repository for the user: may do, may not read ({@code empty}), or {@code null} (not known). */
    private Optional<RepositoryAccess> access(Viewer viewer, Pipeline pipeline) {
        AccessAnswers known = known(viewer);
        return known == null ? null : known.access().get(pipeline.repository());
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + (seconds == 60 ? " minute" : " minutes")
                : seconds + (seconds == 1 ? " second" : " seconds");
    }

    private static NotFoundException notFound(String owner, String name) {
        return new NotFoundException("No repository " + owner + "/" + name + " here");
    }

}
