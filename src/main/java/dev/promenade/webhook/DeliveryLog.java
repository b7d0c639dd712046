package dev.promenade.webhook;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The webhook deliveries already received, by {@code X-GitHub-Delivery}: GitHub redelivers a
 * delivery with the same ID (automatically, or when someone clicks "Redeliver"), and it counts once.
 * In this instance's memory, or in Redis for every replica ({@code promenade.store}).
 */
public interface DeliveryLog {

    /** GitHub lets deliveries of the last 3 days be redelivered. */
    Duration KEEP = Duration.ofDays(3);

    /** Whether the delivery is new; from now on it is not. */
    CompletionStage<Boolean> first(String delivery);

    /** The delivery could not be handled: when GitHub sends it again, it is new. */
    void forget(String delivery);

    /** This instance's memory: the most recent deliveries, as many as a busy organisation sends in days. */
    final class InMemory implements DeliveryLog {

        private final Cache<String, Boolean> received = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(KEEP)
                .build();

        @Override
        public CompletionStage<Boolean> first(String delivery) {
            return CompletableFuture.completedFuture(received.asMap().putIfAbsent(delivery, Boolean.TRUE) == null);
        }

        @Override
        public void forget(String delivery) {
            received.invalidate(delivery);
        }
    }
}
