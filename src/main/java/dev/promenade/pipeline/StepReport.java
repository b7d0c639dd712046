package dev.promenade.pipeline;

/**
 * Everything known about one promotion step.
 *
 * @param checks        the source head's checks
 * @param promotion     the open pull request promoting source into target, or {@code null}
 * @param backMerge     the open pull request merging target back into source, or {@code null}
 * @param lastPromotion the promotion pull request merged last, or {@code null}
 */
public record StepReport(StepDrift drift, Checks checks, PullRequest promotion, PullRequest backMerge,
        PullRequest lastPromotion) {

    public PromotionStep step() {
        return drift.step();
    }

    public StepReport withPromotion(PullRequest opened) {
        return new StepReport(drift, checks, opened, backMerge, lastPromotion);
    }

    public StepReport withBackMerge(PullRequest opened) {
        return new StepReport(drift, checks, promotion, opened, lastPromotion);
    }
}
