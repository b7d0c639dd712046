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
 * @param rows    the repositories shown, in order
 * @param total   the repositories the user may read
 * @param columns the default chain's environments, the column headings
 * @param width   environments in the longest pipeline shown (columns line up by position)
 * @param text    the text repository names must contain, {@code ""} for any
 */
public record Board(List<RepositoryCard> rows, int total, List<String> columns, int width, Sort sort, Show show,
        String text) {

    /** Longer search text is cut: nothing a URL holds makes the page do more work than a name's length. */
    static final int MAX_TEXT = 100;

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
        Sort order = find(Sort.values(), sort, Sort::key, Sort.CONFIGURED);
        Show filter = find(Show.values(), show, Show::key, Show.ALL);
        String contained = text == null ? "" : text.strip();
        contained = contained.length() > MAX_TEXT ? contained.substring(0, MAX_TEXT) : contained;
        String needle = contained.toLowerCase(Locale.ROOT);
        List<RepositoryCard> rows = cards.stream().filter(filter.test)
                .filter(card -> card.name().toLowerCase(Locale.ROOT).contains(needle)).sorted(order.order()).toList();
        int width = Math.max(defaultChain.size(),
                rows.stream().mapToInt(card -> card.pipeline().environments().size()).max().orElse(0));
        return new Board(rows, cards.size(), defaultChain.stream().map(Environment::name).toList(), width, order, filter,
                contained);
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
