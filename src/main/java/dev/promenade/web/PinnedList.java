package dev.promenade.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.PromotionStep;

/**
 * The commits between two fixed SHAs, a page at a time: what a pinned shared link shows, however
 * the branches move.
 *
 * @param comparison this page's commits, with the whole comparison's counts
 * @param checks     what CI says about the listed commits, by SHA
 * @param step       the step the link was made for, {@code null} when the link does not say
 * @param made       the day the link was made, {@code null} when the link does not say
 * @param movedOn    how the step's live branches stand against the pinned SHAs, {@code null} when not known
 */
public record PinnedList(ReadableRepository repository, String baseSha, String headSha, Comparison comparison,
        String link, int page, Map<String, Checks> checks, PromotionStep step, LocalDate made, MovedOn movedOn) {

    /**
     * Where the live step is now.
     *
     * @param landed      commits the source branch gained since the pinned head, {@code -1} when GitHub did not say
     * @param sourceSha   the source branch's head now
     * @param targetSha   where the step's list starts now: the target branch's head, or the newest source commit
     *                    a squash promotion carried into it
     * @param rewritten   whether the source branch no longer contains the pinned head (force-pushed)
     */
    public record MovedOn(int landed, String sourceSha, String targetSha, boolean rewritten) {
    }

    /**
     * The query of a pinned link naming the step it was made for and the day ({@code ?step=…&made=…}),
     * {@code ""} when it names neither.
     */
    static String query(String stepName, LocalDate made) {
        String query = (stepName == null ? "" : "&step=" + URLEncoder.encode(stepName, StandardCharsets.UTF_8))
                + (made == null ? "" : "&made=" + made);
        return query.isEmpty() ? "" : "?" + query.substring(1);
    }

    public ListPage paging() {
        return new ListPage(page, comparison.aheadBy(), comparison.commits().size(),
                path() + "/compare/" + baseSha + "..." + headSha);
    }

    public String name() {
        return repository.pipeline().repository().fullName();
    }

    public String path() {
        return "/repos/" + name();
    }

    public String htmlUrl() {
        return repository.access().htmlUrl();
    }

    public String shortBase() {
        return baseSha.substring(0, 7);
    }

    public String shortHead() {
        return headSha.substring(0, 7);
    }

    /** Whether the step's target has taken in something since the link was made (a promotion, a squash, a hotfix). */
    public boolean targetMoved() {
        return movedOn != null && !movedOn.targetSha().equals(baseSha);
    }
}
