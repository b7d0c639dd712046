package dev.promenade.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One promotion at a time per step (repository, base, head): two clicks open one pull request.
 * On one instance a lock in memory ({@link InMemory}); across replicas, one in Redis.
 */
public interface StepLocks {

    /** Runs {@code action} holding the lock of {@code step}; waits for whoever holds it. */
    <T> T holding(String step, Supplier<T> action);

    /** Locks of this instance. */
    final class InMemory implements StepLocks {

        private final Map<String, Object> locks = new ConcurrentHashMap<>();

        @Override
        public <T> T holding(String step, Supplier<T> action) {
            synchronized (locks.computeIfAbsent(step, key -> new Object())) {
                return action.get();
            }
        }
    }
}
