package dev.promenade.redis;

import java.time.Duration;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.promenade.auth.EndedSessions;
import dev.promenade.auth.Seals;
import dev.promenade.auth.SharedEndings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;

/**
 * Ended sessions, announced to every replica on a Redis channel. Each announcement is sealed with
 * the session key, which Redis never sees: whoever can write to Redis cannot sign people out.
 */
// A singleton, created (and subscribed) when EndedSessions is, at start-up.
@Singleton
// Chosen by promenade.store (see CatalogProducer), never injected by its interface.
@Typed(RedisEndings.class)
public class RedisEndings implements SharedEndings {

    private static final Logger LOG = Logger.getLogger(RedisEndings.class);
    static final String CHANNEL = RedisSnapshotStore.PREFIX + "ended";
    private static final String PURPOSE = "ended session";
    private static final Duration AGAIN_AFTER = Duration.ofSeconds(3);

    /** Looked up, not injected: the client is inactive unless quarkus.redis.hosts is set, as it is only for this store. */
    @Inject
    Instance<ReactiveRedisDataSource> client;

    @Inject
    Instance<EndedSessions> sessions;

    @Inject
    Seals seals;

    private ReactiveRedisDataSource redis;

    @PostConstruct
    void start() {
        redis = client.get();
        listen();
    }

    /** Subscribes, and again a few seconds after the subscription broke (Redis went away). */
    private void listen() {
        redis.pubsub(String.class).subscribe(CHANNEL).subscribe().with(
                message -> seals.open(PURPOSE, message).ifPresentOrElse(fingerprint -> sessions.get().heard(fingerprint),
                        () -> LOG.warn("An announcement of an ended session without a valid seal was ignored")),
                failure -> {
                    LOG.debugf("Not hearing of ended sessions from Redis: %s", failure.getMessage());
                    again();
                }, this::again);
    }

    private void again() {
        Uni.createFrom().voidItem().onItem().delayIt().by(AGAIN_AFTER).subscribe().with(nothing -> listen());
    }

    @Override
    public void tell(String fingerprint) {
        redis.pubsub(String.class).publish(CHANNEL, seals.seal(PURPOSE, fingerprint)).subscribe().with(done -> {
        }, failure -> LOG.debugf("An ended session was not announced to the other replicas: %s", failure.getMessage()));
    }
}
