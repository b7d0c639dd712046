package dev.promenade.redis;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.promenade.config.PromenadeConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * What Redis means for this replica ({@code promenade.store=redis}), reported with readiness but
 * never making it fail: while Redis is away every replica goes on with what it reads itself, so a
 * load balancer must not take them all out at once. The check says "degraded" instead, for
 * monitoring to alert on.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {

    private static final Duration PATIENCE = Duration.ofSeconds(1);

    @Inject
    PromenadeConfig config;

    @Inject
    Instance<ReactiveRedisDataSource> redis;

    @Inject
    Instance<RedisSnapshotStore> store;

    @Override
    public Uni<HealthCheckResponse> call() {
        if (config.store() != PromenadeConfig.Store.REDIS) {
            return Uni.createFrom().item(HealthCheckResponse.named("redis").up().withData("store", "memory").build());
        }
        return redis.get().execute("PING").ifNoItem().after(PATIENCE).fail()
                .map(pong -> store.get().isReachable() ? HealthCheckResponse.named("redis").up().withData("data", "shared").build()
                        : degraded("Redis answers again; catching up"))
                .onFailure().recoverWithItem(failure -> degraded("Redis does not answer: " + failure.getMessage()));
    }

    private static HealthCheckResponse degraded(String why) {
        return HealthCheckResponse.named("redis").up().withData("data", "degraded: this replica serves what it reads itself")
                .withData("error", why).build();
    }
}
