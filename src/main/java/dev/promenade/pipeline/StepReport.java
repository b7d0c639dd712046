package dev.promenade.pipeline;

/**
 * Everything known about one promotion step.
 *
 * @param checks    the source head's checks; {@code null} when nothing is pending (not read)
 * @param promotion the open pull request promoting source into target, or {@code null}
 * @param backMerge the open pull request merging target back into source, or {@code null}
 */
public record StepReport(StepDrift drift, Checks checks, PullRequest promotion, PullRequest backMerge) {

    public PromotionStep step() {
        return drift.step();
    }
}
