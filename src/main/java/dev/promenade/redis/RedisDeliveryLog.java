package dev.promenade.redis;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.promenade.webhook.DeliveryLog;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;

/**
 * Webhook deliveries received by any replica, in Redis ({@code SET NX} with a TTL): a redelivery
 * landing on another replica counts once too. While Redis does not answer, this replica remembers
 * what it received itself.
 */
@ApplicationScoped
// Chosen by promenade.store (see CatalogProducer), never injected by its interface.
@Typed(RedisDeliveryLog.class)
public class RedisDeliveryLog implements DeliveryLog {

    private static final Logger LOG = Logger.getLogger(RedisDeliveryLog.class);
    private static final Duration PATIENCE = Duration.ofMillis(500);

    /** Looked up, not injected: the client is inactive unless quarkus.redis.hosts is set, as it is only for this store. */
    @Inject
    Instance<ReactiveRedisDataSource> client;

    private ReactiveRedisDataSource redis;
    private final DeliveryLog alone = new DeliveryLog.InMemory();

    @PostConstruct
    void start() {
        redis = client.get();
    }

    @Override
    public CompletionStage<Boolean> first(String delivery) {
        // Remembered here too: should Redis go away, a redelivery to this replica still counts once.
        boolean firstHere = alone.first(delivery).toCompletableFuture().join();
        return redis.execute("SET", key(delivery), "1", "NX", "PX",
                String.valueOf(KEEP.toMillis()))
                .ifNoItem().after(PATIENCE).fail()
                .map(answer -> answer != null && firstHere)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Webhook delivery %s not checked in Redis: %s", delivery, failure.getMessage());
                    return firstHere;
                })
                .subscribeAsCompletionStage();
    }

    @Override
    public void forget(String delivery) {
        alone.forget(delivery);
        redis.key().del(key(delivery)).subscribe().with(done -> {
        }, failure -> LOG.debugf("Webhook delivery %s not forgotten in Redis: %s", delivery, failure.getMessage()));
    }

    private static String key(String delivery) {
        return RedisSnapshotStore.PREFIX + "delivery:" + delivery;
    }
}
