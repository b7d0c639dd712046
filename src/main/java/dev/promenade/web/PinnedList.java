package dev.promenade.web;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.CommitLists;
import dev.promenade.pipeline.Comparison;

/**
 * The commits between two fixed SHAs, a page at a time: what a pinned shared link shows, however
 * the branches move.
 *
 * @param comparison this page's commits, with the whole comparison's counts
 */
public record PinnedList(ReadableRepository repository, String baseSha, String headSha, Comparison comparison,
        String link, int page) {

    public int total() {
        return comparison.aheadBy();
    }

    public int pageSize() {
        return CommitLists.PAGE_SIZE;
    }

    public int pages() {
        return CommitLists.pages(comparison.aheadBy());
    }

    public int first() {
        return (page - 1) * CommitLists.PAGE_SIZE + 1;
    }

    public int last() {
        return first() + comparison.commits().size() - 1;
    }

    public String previousPath() {
        return page > 1 ? pagePath(page - 1) : null;
    }

    public String nextPath() {
        return page < pages() ? pagePath(page + 1) : null;
    }

    private String pagePath(int number) {
        return path() + "/compare/" + baseSha + "..." + headSha + (number == 1 ? "" : "?page=" + number);
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
