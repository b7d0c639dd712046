package dev.promenade.config;

import java.util.List;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.Freshness;
import dev.promenade.pipeline.MemorySnapshotStore;
import dev.promenade.pipeline.SnapshotStore;
import dev.promenade.redis.RedisAccessAnswers;
import dev.promenade.redis.RedisDeliveryLog;
import dev.promenade.redis.RedisEndings;
import dev.promenade.auth.SharedEndings;
import dev.promenade.webhook.DeliveryLog;
import dev.promenade.redis.RedisSnapshotStore;
import dev.promenade.sandbox.SandboxWorld;
import dev.promenade.auth.SharedAccessAnswers;
import io.quarkus.runtime.Startup;

public class CatalogProducer {

    /** Built at start-up so that bad configuration stops the application before it serves anything. */
    @Produces
    @Singleton
    @Startup
    Catalog catalog(PromenadeConfig config, @ConfigProperty(name = "quarkus.http.port") int port,
            Instance<SandboxWorld> sandbox) {
        return Configuration.catalog(config, port, sandbox.isResolvable());
    }

    /**
     * What the dashboard shows: the configured repositories, or, as a GitHub App, those it is
     * installed on (none until its installations have been listed, see {@code AppInstallations}).
     */
    @Produces
    @Singleton
    Repositories repositories(Catalog configured, PromenadeConfig config) {
        return new Repositories(Configuration.appMode(config) ? new Catalog(List.of(), configured.defaultChain()) : configured);
    }

    @Produces
    @Singleton
    Freshness freshness(PromenadeConfig config) {
        return new Freshness(config.refreshAfter());
    }

    /** Memory on one instance; Redis, shared, across replicas (looked up only then: memory needs no Redis client). */
    @Produces
    @Singleton
    SnapshotStore snapshotStore(PromenadeConfig config, Instance<RedisSnapshotStore> redis) {
        return config.store() == PromenadeConfig.Store.REDIS ? redis.get() : new MemorySnapshotStore();
    }

    @Produces
    @Singleton
    DeliveryLog deliveryLog(PromenadeConfig config, Instance<RedisDeliveryLog> redis) {
        return config.store() == PromenadeConfig.Store.REDIS ? redis.get() : new DeliveryLog.InMemory();
    }

    @Produces
    @Singleton
    SharedEndings sharedEndings(PromenadeConfig config, Instance<RedisEndings> redis) {
        return config.store() == PromenadeConfig.Store.REDIS ? redis.get() : SharedEndings.NONE;
    }

    @Produces
    @Singleton
    SharedAccessAnswers sharedAccessAnswers(PromenadeConfig config, Instance<RedisAccessAnswers> redis) {
        return config.store() == PromenadeConfig.Store.REDIS ? redis.get() : SharedAccessAnswers.NONE;
    }
}
