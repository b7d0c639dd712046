package dev.promenade.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * What CI says about a commit: GitHub's commit statuses and check runs, together.
 *
 * @param url the first failing one's page, {@code null} when none failed
 */
public record Checks(State state, int total, int failing, int pending, String url) {

    public enum State {
        /** Everything reported passed. */
        SUCCESS,
        /** Something is still running, nothing failed. */
        PENDING,
        /** Something failed. */
        FAILURE,
        /** Nothing reported at all. */
        NONE;

        public String hook() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One commit status or check run, reduced to what decides the verdict. */
    public record Result(Outcome outcome, String url) {
    }

    public enum Outcome {
        PASSED, RUNNING, FAILED
    }

    public static Checks of(List<Result> results) {
        int failing = (int) results.stream().filter(r -> r.outcome() == Outcome.FAILED).count();
        int running = (int) results.stream().filter(r -> r.outcome() == Outcome.RUNNING).count();
        State state = results.isEmpty() ? State.NONE
                : failing > 0 ? State.FAILURE
                : running > 0 ? State.PENDING
                : State.SUCCESS;
        String url = results.stream().filter(r -> r.outcome() == Outcome.FAILED && r.url() != null).map(Result::url)
                .findFirst().orElse(null);
        return new Checks(state, results.size(), failing, running, url);
    }

    public boolean isGreen() {
        return state == State.SUCCESS;
    }

    public String summary() {
        return switch (state) {
            case SUCCESS -> "checks passed";
            case PENDING -> pending + " of " + total + (total == 1 ? " check" : " checks") + " running";
            case FAILURE -> failing + " of " + total + (total == 1 ? " check" : " checks") + " failed";
            case NONE -> "no checks reported";
        };
    }
}
