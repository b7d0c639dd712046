package dev.promenade.web;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

/** The {@code ?page=} of a list of commits: a small positive number, and a page the list has. */
final class Paging {

    /** Far beyond any list GitHub can compare, and short enough to parse as an int. */
    private static final int MOST = 100_000;

    private Paging() {
    }

    /** The page asked for: 1 when none. */
    static int requested(String page) {
        if (page == null || page.isEmpty()) {
            return 1;
        }
        if (!page.matches("[1-9][0-9]{0,5}") || Integer.parseInt(page) > MOST) {
            throw new BadRequestException("page is a page number: 1, 2, 3…");
        }
        return Integer.parseInt(page);
    }

    /** @throws NotFoundException past the last page */
    static void exists(int page, int pages, int commits) {
        if (page > pages) {
            throw new NotFoundException("There is no page " + page + ": " + commits + (commits == 1 ? " commit fills " : " commits fill ")
                    + pages + (pages == 1 ? " page." : " pages."));
        }
    }
}
