package dev.promenade.redis;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.StepLocks;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * Promote locks in Redis: one promotion at a time per step across every replica. A lock lapses on
 * its own after {@link #HOLD}, should its replica die holding it; one that stays taken longer than
 * {@link #WAIT} is reported, not waited for forever.
 */
@ApplicationScoped
// Chosen by promenade.store (see CatalogProducer), never injected by its interface.
@Typed(RedisStepLocks.class)
public class RedisStepLocks implements StepLocks {

    /** Longer than a promotion takes: a fresh read, a list of commits and a pull request, each bounded by timeouts. */
    static final Duration HOLD = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** Looked up, not injected: the client is inactive unless quarkus.redis.hosts is set, as it is only for this store. */
    @Inject
    Instance<RedisDataSource> client;

    private RedisDataSource redis;

    @PostConstruct
    void start() {
        redis = client.get();
    }

    @Override
    public <T> T holding(String step, Supplier<T> action) {
        String key = RedisSnapshotStore.PREFIX + "promote:" + step;
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (redis.execute("SET", key, token, "NX", "PX", String.valueOf(HOLD.toMillis())) == null) {
                if (System.nanoTime() > deadline) {
                    throw new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0,
                            "Another promotion of this step is still running; try again in a moment");
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GitHubFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GitHubFailure(GitHubFailure.Kind.UNAVAILABLE, 0,
                    "Promenade cannot reach Redis to make sure only one pull request is opened; try again in a moment");
        }
        try {
            return action.get();
        } finally {
            try {
                redis.execute("EVAL", RELEASE, "1", key, token);
            } catch (RuntimeException e) {
                // It lapses on its own after HOLD.
            }
        }
    }
}
