package dev.promenade.pipeline;

import java.time.Instant;

/**
 * The latest attempt to read something from GitHub: the value read, or, when the read failed,
 * the failure and the last value known.
 *
 * @param value        the freshest value, {@code null} when no read ever succeeded
 * @param asOf         when {@code value} was read
 * @param failure      why the latest read failed, {@code null} when it succeeded
 * @param failingSince the first of the consecutive failed reads
 */
public record Observed<V>(V value, Instant asOf, GitHubFailure failure, Instant failingSince) {

    public static <V> Observed<V> fresh(V value, Instant now) {
        return new Observed<>(value, now, null, null);
    }

    public Observed<V> failedAgain(GitHubFailure latest, Instant now) {
        return new Observed<>(value, asOf, latest, failingSince != null ? failingSince : now);
    }

    public boolean hasValue() {
        return value != null;
    }

    public boolean isFailing() {
        return failure != null;
    }
}
