package dev.promenade.github;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;

/**
 * Every call to GitHub goes through a guard of its host (SmallRye Fault Tolerance): a timeout, a
 * circuit breaker that stops asking a host that keeps failing (pages then show what was last read
 * and "GitHub unreachable since 12:03"), and, for reads only, a few retries with exponential
 * backoff and jitter when GitHub answers 502/503/504 or drops the connection. Creating a pull
 * request is never retried: {@code PromotionService} looks before it says anything.
 */
@ApplicationScoped
public class GitHubGuards {

    private static final Logger LOG = Logger.getLogger(GitHubGuards.class);
    @SuppressWarnings("rawtypes")
    private static final TypeLiteral<Uni> UNI = new TypeLiteral<>() {
    };

    /** The breaker opens when half of the last 20 calls to a host failed to get an answer, for 30 s. */
    static final int WINDOW = 20;
    static final Duration OPEN_FOR = Duration.ofSeconds(30);
    static final int RETRIES = 2;
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Host> hosts = new ConcurrentHashMap<>();

    @Inject
    public GitHubGuards(PromenadeConfig config, Clock clock) {
        this(config.github().timeout(), clock);
    }

    GitHubGuards(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * A read: retried when GitHub was briefly unavailable ({@link #retriable}).
     *
     * @param host the URL the request goes to (only its host matters)
     */
    public <T> Uni<T> read(URI host, Supplier<Uni<T>> call) {
        Host guarded = host(host);
        return guarded.translate(uni(guarded.retries, () -> uni(guarded.guard, call)));
    }

    /**
     * A read GitHub may give up on for its size (a GraphQL batch: 502, 504, no answer in time):
     * retried only when GitHub was briefly unavailable otherwise (503, a dropped connection); the
     * caller splits what was too big.
     */
    public <T> Uni<T> readSplittable(URI host, Supplier<Uni<T>> call) {
        Host guarded = host(host);
        return guarded.translate(uni(guarded.unlessTooBig, () -> uni(guarded.guard, call)));
    }

    /** A request that changes something on GitHub: guarded, timed, never retried. */
    public <T> Uni<T> write(URI host, Supplier<Uni<T>> call) {
        Host guarded = host(host);
        return guarded.translate(uni(guarded.guard, call));
    }

    /** 502/503/504, or a connection that broke without an answer (a timeout is not retried: it would take as long again). */
    public static boolean retriable(Throwable failure) {
        return failure instanceof GitHubFailure github && github.kind() == Kind.UNAVAILABLE
                && (github.status() == 502 || github.status() == 503 || github.status() == 504
                        || (github.status() == 0 && !GitHubErrors.timedOut(github)));
    }

    /** GitHub gave no usable answer: the breaker counts it. Refusals (4xx, rate limits) are answers. */
    static boolean unanswered(Throwable failure) {
        return failure instanceof TimeoutException
                || (failure instanceof GitHubFailure github && github.kind() == Kind.UNAVAILABLE);
    }

    @SuppressWarnings("unchecked")
    private static <T> Uni<T> uni(Guard guard, Supplier<Uni<T>> call) {
        return (Uni<T>) guard.get((Supplier<Uni>) (Supplier<?>) call, UNI);
    }

    private Host host(URI url) {
        String name = url.getHost() == null ? String.valueOf(url) : url.getHost().toLowerCase(java.util.Locale.ROOT);
        return hosts.computeIfAbsent(name, Host::new);
    }

    /** One GitHub host: its breaker and timeout, and since when it fails. */
    private final class Host {

        private final String name;
        /** The breaker and the timeout, around every single request. */
        private final Guard guard;
        private final Guard retries;
        private final Guard unlessTooBig;
        /** The first unanswered call of the current run of failures; null while GitHub answers. */
        private final AtomicReference<Instant> failingSince = new AtomicReference<>();

        Host(String name) {
            this.name = name;
            this.guard = Guard.create().withDescription("GitHub at " + name)
                    .withCircuitBreaker().name("github:" + name).requestVolumeThreshold(WINDOW).failureRatio(0.5)
                    .delay(OPEN_FOR.toMillis(), ChronoUnit.MILLIS).successThreshold(1).when(GitHubGuards::unanswered)
                    .onFailure(() -> failingSince.compareAndSet(null, clock.instant()))
                    .onSuccess(() -> failingSince.set(null))
                    .onStateChange(this::changed).done()
                    .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                    .build();
            this.retries = retries(GitHubGuards::retriable);
            this.unlessTooBig = retries(failure -> retriable(failure) && failure instanceof GitHubFailure github
                    && github.status() != 502 && github.status() != 504);
        }

        /** Twice more at most, after 200 ms then 400 ms (± 100 ms, so that replicas do not ask in step). */
        private Guard retries(Predicate<Throwable> when) {
            long budget = timeout.toMillis() * (RETRIES + 1) + 1000;
            return Guard.create().withDescription("GitHub reads at " + name)
                    .withRetry().maxRetries(RETRIES).delay(200, ChronoUnit.MILLIS).jitter(100, ChronoUnit.MILLIS)
                    .maxDuration(budget, ChronoUnit.MILLIS).whenException(when)
                    .withExponentialBackoff().factor(2).maxDelay(Math.min(2000, budget / 2), ChronoUnit.MILLIS).done().done()
                    .build();
        }

        private void changed(CircuitBreakerState state) {
            if (state == CircuitBreakerState.OPEN) {
                LOG.warnf("GitHub at %s is unreachable since %s: not asked for %d s", name, failingSince.get(), OPEN_FOR.toSeconds());
            } else if (state == CircuitBreakerState.CLOSED) {
                LOG.infof("GitHub at %s answers again", name);
            }
        }

        /** The guards' own failures, in the words every page uses for GitHub failing. */
        <T> Uni<T> translate(Uni<T> guarded) {
            return guarded.onFailure(TimeoutException.class).transform(e -> {
                GitHubFailure failure = new GitHubFailure(Kind.UNAVAILABLE, 0,
                        "GitHub did not answer within " + timeout.toSeconds() + " s (timed out)");
                failure.initCause(e);
                return failure;
            })
                    .onFailure(CircuitBreakerOpenException.class).transform(e -> {
                        Instant since = failingSince.get();
                        return new GitHubFailure(Kind.UNAVAILABLE, 0, "GitHub unreachable"
                                + (since == null ? "" : " since " + AT.format(since))
                                + "; Promenade leaves it alone for " + OPEN_FOR.toSeconds() + " s");
                    });
        }
    }
}
