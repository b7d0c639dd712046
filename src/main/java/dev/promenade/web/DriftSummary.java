package dev.promenade.web;

import java.time.Instant;
import java.util.List;

/**
 * The overview's first line: how many repositories have changes waiting, and where the oldest one
 * has waited longest ("2 of 5 repositories have changes waiting; the oldest, in acme/ledger →
 * staging, since 44 days ago").
 *
 * @param total         repositories shown
 * @param waiting       those with at least one step pending, diverged or behind
 * @param oldestSince   when the oldest commit waiting anywhere was made, {@code null} when none waits
 * @param oldestIn      its repository
 * @param oldestInto    the environment it waits to enter
 */
public record DriftSummary(int total, int waiting, int known, Instant oldestSince, String oldestIn, String oldestInto) {

    static DriftSummary of(List<RepositoryCard> cards) {
        int waiting = 0;
        int known = 0;
        Instant oldest = null;
        String in = null;
        String into = null;
        for (RepositoryCard card : cards) {
            if (!card.observed().hasValue()) {
                continue;
            }
            known++;
            List<StepView> steps = card.steps();
            waiting += steps.stream().anyMatch(StepView::isDrifting) ? 1 : 0;
            for (StepView step : steps) {
                Instant since = step.oldestPending();
                if (since != null && (oldest == null || since.isBefore(oldest))) {
                    oldest = since;
                    in = card.name();
                    into = step.target();
                }
            }
        }
        return new DriftSummary(cards.size(), waiting, known, oldest, in, into);
    }

    public boolean allKnown() {
        return known == total;
    }
}
