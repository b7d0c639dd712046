package dev.promenade.web;

import java.time.Instant;

import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.pipeline.Promotion.Outcome;

/**
 * The result of a promotion posted without JavaScript, carried by the redirect back to the page:
 * {@code ?repo=acme/app&step=staging&action=promotion&outcome=OPENED&pr=17}. Only codes and numbers
 * travel, never text, so a crafted link cannot make a page say anything else.
 */
public class NoticeQuery {

    @RestQuery
    String repo;

    @RestQuery
    String step;

    @RestQuery
    String action;

    @RestQuery
    String outcome;

    @RestQuery
    Integer pr;

    @RestQuery
    Long retry;

    static String of(String repository, String step, String action, dev.promenade.pipeline.Promotion promotion) {
        StringBuilder query = new StringBuilder("repo=").append(repository).append("&step=").append(step)
                .append("&action=").append(action).append("&outcome=").append(promotion.outcome().name());
        if (promotion.pullRequest() != null) {
            query.append("&pr=").append(promotion.pullRequest().number());
        }
        if (promotion.failure() != null && promotion.failure().retryAt() != null) {
            query.append("&retry=").append(promotion.failure().retryAt().getEpochSecond());
        }
        return query.toString();
    }

    /** The notice for the step it names in {@code repository}, or {@code null}. */
    RepositoryCard.StepNotice notice(String repository, Ages ages) {
        if (outcome == null || step == null || !repository.equalsIgnoreCase(String.valueOf(repo))) {
            return null;
        }
        Outcome parsed;
        try {
            parsed = Outcome.valueOf(outcome);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        String kind = PromotionNotice.BACK_MERGE.equals(action) ? PromotionNotice.BACK_MERGE : PromotionNotice.PROMOTION;
        return new RepositoryCard.StepNotice(step, PromotionNotice.of(kind, parsed, pr == null ? 0 : pr,
                retry == null ? null : Instant.ofEpochSecond(retry), null, repository, ages));
    }
}
