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
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.value.SetArgs;
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
    private static final String KEYS = RedisSnapshotStore.PREFIX + "ended:";
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

    /**
     * Subscribes, then hears of the sessions that ended while it was not subscribed (this replica
     * started, Redis was away); again a few seconds after the subscription broke.
     */
    private void listen() {
        redis.pubsub(String.class).subscribe(CHANNEL).onSubscription().invoke(subscription -> catchUp()).subscribe().with(
                this::heard,
                failure -> {
                    LOG.debugf("Not hearing of ended sessions from Redis: %s", failure.getMessage());
                    again();
                }, this::again);
    }

    private void again() {
        Uni.createFrom().voidItem().onItem().delayIt().by(AGAIN_AFTER).subscribe().with(nothing -> listen());
    }

    /** The ended sessions kept in Redis (each key lives as long as a session could), once per subscription. */
    private void catchUp() {
        redis.key().scan(new KeyScanArgs().match(KEYS + "*").count(1000)).toMulti()
                .onItem().transformToUniAndConcatenate(key -> redis.value(String.class).get(key))
                .subscribe().with(this::heard, failure -> LOG.debugf("Ended sessions not read from Redis: %s", failure.getMessage()));
    }

    private void heard(String sealed) {
        if (sealed == null) {
            return;
        }
        seals.open(PURPOSE, sealed).ifPresentOrElse(fingerprint -> sessions.get().heard(fingerprint),
                () -> LOG.warn("An ended session without a valid seal was ignored"));
    }

    @Override
    public void tell(String fingerprint) {
        String sealed = seals.seal(PURPOSE, fingerprint);
        redis.value(String.class).set(KEYS + fingerprint, sealed, new SetArgs().px(EndedSessions.KEEP))
                .chain(() -> redis.pubsub(String.class).publish(CHANNEL, sealed))
                .subscribe().with(done -> {
                }, failure -> LOG.debugf("An ended session was not announced to the other replicas: %s", failure.getMessage()));
    }
}
