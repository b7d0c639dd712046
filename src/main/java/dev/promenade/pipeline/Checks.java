package dev.promenade.pipeline;

import java.util.Locale;

/**
 * What CI says about a commit: GitHub's status check rollup, which combines its commit statuses
 * and check runs (neutral and skipped runs count as passed).
 */
public record Checks(State state) {

    public enum State {
        /** Everything reported passed. */
        SUCCESS,
        /** Something is still running (or a required check has not reported yet), nothing failed. */
        PENDING,
        /** Something failed. */
        FAILURE,
        /** Nothing reported at all. */
        NONE;

        public String hook() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Checks NONE = new Checks(State.NONE);

    /** From GitHub's {@code StatusCheckRollupState}; {@code null} (no rollup) means nothing reported. */
    public static Checks ofRollup(String rollup) {
        if (rollup == null) {
            return NONE;
        }
        return new Checks(switch (rollup) {
            case "SUCCESS" -> State.SUCCESS;
            case "PENDING", "EXPECTED" -> State.PENDING;
            default -> State.FAILURE;
        });
    }

    /** Whether CI reported anything at all. */
    public boolean isReported() {
        return state != State.NONE;
    }

    public boolean isGreen() {
        return state == State.SUCCESS;
    }

    public String summary() {
        return switch (state) {
            case SUCCESS -> "checks passed";
            case PENDING -> "checks running";
            case FAILURE -> "checks failed";
            case NONE -> "no checks reported";
        };
    }
}
