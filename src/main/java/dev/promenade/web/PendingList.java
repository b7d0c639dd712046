package dev.promenade.web;

import java.util.List;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.StepReport;

/**
 * Every commit pending promotion into one environment.
 *
 * @param liveLink   the shareable link to this page, which follows the branches
 * @param pinnedLink the shareable link pinned to the two heads compared, {@code null} when unknown
 */
public record PendingList(ReadableRepository repository, PromotionStep step, Observed<StepReport> observed,
        String liveLink, String pinnedLink, PromotionNotice notice) {

    public String name() {
        return repository.pipeline().repository().fullName();
    }

    public String path() {
        return "/repos/" + name();
    }

    public String htmlUrl() {
        return repository.access().htmlUrl();
    }

    public StepView view() {
        return new StepView(name(), step, observed.value(), repository.access(), notice);
    }

    public List<Commit> commits() {
        return observed.hasValue() ? observed.value().drift().pending() : List.of();
    }
}
