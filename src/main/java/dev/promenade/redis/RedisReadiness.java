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
 * Ready only while Redis answers, when replicas share it ({@code promenade.store=redis}): a load
 * balancer then sends users to replicas that agree with each other. The replica itself keeps
 * serving what it knows.
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
                .map(pong -> store.get().isReachable() ? HealthCheckResponse.named("redis").up().build()
                        : HealthCheckResponse.named("redis").down().withData("error", "Redis answers again; catching up").build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("redis").down()
                        .withData("error", "Redis does not answer: " + failure.getMessage()).build());
    }
}
