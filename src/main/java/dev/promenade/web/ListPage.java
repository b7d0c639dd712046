package dev.promenade.web;

import dev.promenade.pipeline.CommitLists;

/**
 * Where one page of a list of commits stands in the whole: what the Previous / Next links of the
 * pending and pinned pages say.
 *
 * @param page  which page, from 1
 * @param total the commits of the whole list
 * @param shown the commits on this page
 * @param path  the list's address without {@code ?page=}
 */
public record ListPage(int page, int total, int shown, String path) {

    public int pageSize() {
        return CommitLists.PAGE_SIZE;
    }

    public int pages() {
        return CommitLists.pages(total);
    }

    /** The number of this page's first commit in the whole list. */
    public int first() {
        return (page - 1) * CommitLists.PAGE_SIZE + 1;
    }

    public int last() {
        return first() + shown - 1;
    }

    public String previousPath() {
        return page > 1 ? pagePath(page - 1) : null;
    }

    public String nextPath() {
        return page < pages() ? pagePath(page + 1) : null;
    }

    private String pagePath(int number) {
        return path + (number == 1 ? "" : "?page=" + number);
    }
}
