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
 * @param oldestWhere   its repository and step, "acme/ledger → staging"
 */
public record DriftSummary(int total, int waiting, int known, Instant oldestSince, String oldestWhere) {

    static DriftSummary of(List<RepositoryCard> cards) {
        int waiting = 0;
        int known = 0;
        Instant oldest = null;
        String where = null;
        for (RepositoryCard card : cards) {
            if (!card.observed().hasValue()) {
                continue;
            }
            known++;
            waiting += card.isDrifting() ? 1 : 0;
            for (StepView step : card.steps()) {
                Instant since = step.oldestPending();
                if (since != null && (oldest == null || since.isBefore(oldest))) {
                    oldest = since;
                    where = card.name() + " → " + step.target();
                }
            }
        }
        return new DriftSummary(cards.size(), waiting, known, oldest, where);
    }

    public boolean allKnown() {
        return known == total;
    }
}
