package dev.promenade.pipeline;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last value read per key, so a page can still show it, with the failure and its
 * start, while GitHub is down or rate-limited. Keys are bounded by the configuration (repositories
 * and environments), so entries are never evicted.
 */
public final class LastKnown<K, V> {

    private final Map<K, Observed<V>> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public LastKnown(Clock clock) {
        this.clock = clock;
    }

    public Observed<V> succeeded(K key, V value) {
        Observed<V> observed = Observed.fresh(value, clock.instant());
        entries.put(key, observed);
        return observed;
    }

    public Observed<V> failed(K key, GitHubFailure failure) {
        return entries.compute(key, (k, previous) -> previous == null
                ? new Observed<V>(null, null, failure, clock.instant())
                : previous.failedAgain(failure, clock.instant()));
    }
}
