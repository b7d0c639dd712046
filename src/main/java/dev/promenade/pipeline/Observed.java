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
 * @param attemptedAt  when GitHub was last asked, successfully or not; {@code null} when never
 */
public record Observed<V>(V value, Instant asOf, GitHubFailure failure, Instant failingSince, Instant attemptedAt) {

    private static final Observed<?> NOTHING = new Observed<>(null, null, null, null, null);

    public static <V> Observed<V> fresh(V value, Instant now) {
        return new Observed<>(value, now, null, null, now);
    }

    /** Nothing read yet: GitHub is being asked. */
    @SuppressWarnings("unchecked")
    public static <V> Observed<V> nothing() {
        return (Observed<V>) NOTHING;
    }

    public Observed<V> failedAgain(GitHubFailure latest, Instant now) {
        return new Observed<>(value, asOf, latest, failingSince != null ? failingSince : now, now);
    }

    /** The same value, changed by what Promenade itself just did (opened a pull request), as of when it was read. */
    public Observed<V> withValue(V changed) {
        return new Observed<>(changed, asOf, failure, failingSince, attemptedAt);
    }

    public boolean hasValue() {
        return value != null;
    }

    public boolean isFailing() {
        return failure != null;
    }

    /** Neither a value nor a failure: the first read has not answered yet. */
    public boolean isLoading() {
        return value == null && failure == null;
    }
}
