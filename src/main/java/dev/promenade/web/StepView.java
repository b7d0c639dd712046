package dev.promenade.web;

import java.util.List;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepDrift;

/**
 * A promotion step as a page shows it.
 *
 * @param drift {@code null} when GitHub could not be read and nothing is known
 */
public record StepView(PromotionStep step, StepDrift drift, String repositoryPath) {

    /** The {@code data-status} hook: the drift status, or {@code error}. */
    public String status() {
        return drift == null ? "error" : drift.status().hook();
    }

    public boolean isKnown() {
        return drift != null;
    }

    public int pending() {
        return drift == null ? 0 : drift.pendingCount();
    }

    public String target() {
        return step.target().name();
    }

    public String pendingPath() {
        return repositoryPath + "/pending/" + step.target().name();
    }

    /** The id of this step's pending commit list on a page listing several steps. */
    public String pendingListId() {
        return "pending-" + target();
    }

    public String hotfixesListId() {
        return "hotfixes-" + target();
    }

    public List<Commit> hotfixes() {
        return drift == null ? List.of() : drift.hotfixes();
    }

    /** The status in words. */
    public String summary() {
        if (drift == null) {
            return "unknown";
        }
        return switch (drift.status()) {
            case UP_TO_DATE -> "up to date";
            case PENDING -> drift.pendingCount() + (drift.pendingCount() == 1 ? " commit" : " commits") + " to promote";
            case DIVERGED -> drift.pendingCount() + (drift.pendingCount() == 1 ? " commit" : " commits")
                    + " to promote; not auto-mergeable";
            case BEHIND -> "nothing to promote; hotfix awaiting back-merge";
        };
    }

    /** Why the step is not a plain promotion, or {@code null}. */
    public String warning() {
        if (drift == null || !drift.hasHotfixes()) {
            return null;
        }
        int count = drift.hotfixes().size();
        return "Hotfix on " + step.target().name() + " not in " + step.source().name() + ": " + step.target().name()
                + " has " + count + (count == 1 ? " commit " : " commits ") + step.source().name() + " lacks.";
    }
}
