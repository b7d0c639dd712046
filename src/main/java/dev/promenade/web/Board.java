package dev.promenade.web;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.promenade.pipeline.Environment;

/**
 * The overview as a board: a row per repository, a column per environment of the default chain,
 * in the order and with the filter the URL asks for, so that a view can be shared as a link.
 *
 * @param rows     the repositories shown on this page of the board, in order
 * @param total    the repositories the user may read
 * @param matching the repositories the sort and filter keep, on every page
 * @param columns  the default chain's environments, the column headings
 * @param width    environments in the longest pipeline shown (columns line up by position)
 * @param text     the text repository names must contain, {@code ""} for any
 * @param page     which page of {@link #PAGE_SIZE} rows this is, from 1
 */
public record Board(List<RepositoryCard> rows, int total, int matching, List<String> columns, int width, Sort sort, Show show,
        String text, int page) {

    /** Longer search text is cut: nothing a URL holds makes the page do more work than a name's length. */
    static final int MAX_TEXT = 100;
    /**
     * Rows on one page of the board: an organisation's thousands of repositories are sorted and
     * filtered together, and shown a hundred at a time, so that a page stays small and quick.
     */
    static final int PAGE_SIZE = 100;

    public enum Sort {
        CONFIGURED("configured", "as configured"),
        NAME("name", "name"),
        PENDING("pending", "most pending"),
        OLDEST("oldest", "oldest waiting");

        private final String key;
        private final String label;

        Sort(String key, String label) {
            this.key = key;
            this.label = label;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }

        Comparator<RepositoryCard> order() {
            Comparator<RepositoryCard> byName = Comparator.comparing(card -> card.name().toLowerCase(Locale.ROOT));
            return switch (this) {
                case CONFIGURED -> (a, b) -> 0;
                case NAME -> byName;
                case PENDING -> Comparator.comparingInt(RepositoryCard::totalPending).reversed().thenComparing(byName);
                case OLDEST -> Comparator.comparing(RepositoryCard::oldestPending,
                        Comparator.nullsLast(Comparator.<Instant>naturalOrder())).thenComparing(byName);
            };
        }
    }

    public enum Show {
        ALL("all", "all repositories", card -> true),
        DRIFTING("drifting", "only drifting", RepositoryCard::isDrifting),
        DIVERGED("diverged", "only diverged", RepositoryCard::isDiverged);

        private final String key;
        private final String label;
        private final Predicate<RepositoryCard> test;

        Show(String key, String label, Predicate<RepositoryCard> test) {
            this.key = key;
            this.label = label;
            this.test = test;
        }

        public String key() {
            return key;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param sort an unknown value, like a missing one, sorts as configured: an old or mistyped link still shows the board
     */
    static Board of(List<RepositoryCard> cards, List<Environment> defaultChain, String sort, String show, String text) {
        return of(cards, defaultChain, sort, show, text, 1);
    }

    /** @param page past the last page, the last page: a link shared when there were more repositories still shows some */
    static Board of(List<RepositoryCard> cards, List<Environment> defaultChain, String sort, String show, String text, int page) {
        Sort order = find(Sort.values(), sort, Sort::key, Sort.CONFIGURED);
        Show filter = find(Show.values(), show, Show::key, Show.ALL);
        String contained = text == null ? "" : text.strip();
        contained = contained.length() > MAX_TEXT ? contained.substring(0, MAX_TEXT) : contained;
        String needle = contained.toLowerCase(Locale.ROOT);
        List<RepositoryCard> matching = cards.stream().filter(filter.test)
                .filter(card -> card.name().toLowerCase(Locale.ROOT).contains(needle)).sorted(order.order()).toList();
        int shown = Math.max(1, Math.min(page, pages(matching.size())));
        List<RepositoryCard> rows = matching.subList((shown - 1) * PAGE_SIZE, Math.min(matching.size(), shown * PAGE_SIZE));
        int width = Math.max(defaultChain.size(),
                rows.stream().mapToInt(card -> card.pipeline().environments().size()).max().orElse(0));
        return new Board(List.copyOf(rows), cards.size(), matching.size(), defaultChain.stream().map(Environment::name).toList(),
                width, order, filter, contained, shown);
    }

    private static int pages(int rows) {
        return Math.max(1, (rows + PAGE_SIZE - 1) / PAGE_SIZE);
    }

    public int pages() {
        return pages(matching);
    }

    public int pageSize() {
        return PAGE_SIZE;
    }

    /** The first and last row of this page, counted from 1 among the matching ones. */
    public int first() {
        return matching == 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
    }

    public int last() {
        return (page - 1) * PAGE_SIZE + rows.size();
    }

    /** This view of the board on another page ({@code null} when there is none), as a link to share. */
    public String pagePath(int other) {
        if (other < 1 || other > pages()) {
            return null;
        }
        StringBuilder path = new StringBuilder("/?sort=").append(sort.key());
        if (show != Show.ALL) {
            path.append("&show=").append(show.key());
        }
        if (!text.isEmpty()) {
            path.append("&q=").append(java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8));
        }
        return other == 1 ? path.toString() : path.append("&page=").append(other).toString();
    }

    public String previousPath() {
        return pagePath(page - 1);
    }

    public String nextPath() {
        return pagePath(page + 1);
    }

    private static <T> T find(T[] values, String key, Function<T, String> keyOf, T otherwise) {
        for (T value : values) {
            if (keyOf.apply(value).equals(key)) {
                return value;
            }
        }
        return otherwise;
    }

    public List<Sort> sorts() {
        return List.of(Sort.values());
    }

    public List<Show> shows() {
        return List.of(Show.values());
    }

    /** Whether some repositories are left out. */
    public boolean isFiltered() {
        return show != Show.ALL || !text.isEmpty();
    }

    /** The board's columns: each environment's and each step's, a CSS class up to the widths styled. */
    public String columnsClass() {
        return "columns-" + width;
    }
}
