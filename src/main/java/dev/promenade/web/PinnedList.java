package dev.promenade.web;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.Comparison;

/**
 * The commits between two fixed SHAs, a page at a time: what a pinned shared link shows, however
 * the branches move.
 *
 * @param comparison this page's commits, with the whole comparison's counts
 */
public record PinnedList(ReadableRepository repository, String baseSha, String headSha, Comparison comparison,
        String link, int page) {

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
}
