package dev.promenade.web;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.RepositoryAccess;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.qute.Location;
import io.quarkus.qute.RawString;
import io.quarkus.qute.Template;

/**
 * A repository's block as markup, rendered at most once a second per snapshot and shared by every
 * page showing it: {@code {inject:cards.render(card, returnTo, board, token)}}. What differs between users
 * is part of the key (the access they have) or filled in for each page (the CSRF token of its
 * forms). Rendering each block again every second keeps relative times ("updated 3 seconds ago")
 * true without rendering 54 blocks for each of hundreds of pages a second.
 */
@ApplicationScoped
@Named("cards")
public class CardBodies {

    @Inject
    @Location("tags/card")
    Template card;

    @Inject
    @CacheName("card-bodies")
    Cache rendered;

    @Inject
    @CacheName("board-bodies")
    Cache boards;

    @Inject
    Clock clock;

    /** Where a user's token goes in markup rendered for everyone; never a valid token. */
    private static final String TOKEN_SLOT = "csrf-token-of-this-page";

    /**
     * @param observed compared by identity: a snapshot read again, or changed by Promenade, is a new object
     * @param second   the second relative times were rendered in
     */
    private record Key(Observed<?> observed, RepositoryAccess access, boolean reading, List<?> announced, String returnTo,
            boolean board, long second) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.observed == observed && key.access.equals(access) && key.reading == reading
                    && key.announced.equals(announced) && key.returnTo.equals(returnTo) && key.board == board
                    && key.second == second;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(observed) * 31 + returnTo.hashCode() * 7 + Long.hashCode(second)
                    + (reading ? 1 : 0) + (board ? 2 : 0);
        }
    }

    /**
     * @param board whether the block is a row of the overview's board, swapped in place by live updates, or the
     *              repository page's pipeline diagram
     * @param token the CSRF token of the page's forms
     */
    public RawString render(RepositoryCard card, String returnTo, boolean board, String token) {
        return new RawString(String.join(token == null ? "" : token, parts(card, key(card, returnTo, board))));
    }

    private Key key(RepositoryCard card, String returnTo, boolean board) {
        return new Key(card.observed(), card.repository().access(), card.reading(), card.announced(), returnTo, board,
                clock.millis() / 1000);
    }

    /**
     * The card's markup with the token slots, rendered once a second for all who see it alike (a
     * card with the user's own notice, each time).
     */
    private List<String> parts(RepositoryCard card, Key key) {
        if (card.notice() != null) {
            return parts(card, key.returnTo(), key.board(), TOKEN_SLOT);
        }
        CompletableFuture<Object> known = rendered.as(CaffeineCache.class).getIfPresent(key);
        @SuppressWarnings("unchecked")
        List<String> parts = known != null && known.isDone() ? (List<String>) known.join() : null;
        if (parts == null) {
            parts = parts(card, key.returnTo(), key.board(), TOKEN_SLOT);
            rendered.as(CaffeineCache.class).put(key, CompletableFuture.completedFuture(parts));
        }
        return parts;
    }

    /**
     * The board's rows as UTF-8 bytes, in the segments between which the page's CSRF token goes:
     * assembled once a second for everyone who may see the same, so that a page costs one copy of
     * them ({@link Html#utf8(String, List, String)}) rather than a template call and several string copies per row.
     */
    public List<byte[]> board(List<RepositoryCard> rows) {
        List<Key> keys = rows.stream().map(row -> key(row, "/", true)).toList();
        if (rows.stream().anyMatch(row -> row.notice() != null)) {
            return boardSegments(rows, keys);
        }
        CompletableFuture<Object> known = boards.as(CaffeineCache.class).getIfPresent(keys);
        @SuppressWarnings("unchecked")
        List<byte[]> segments = known != null && known.isDone() ? (List<byte[]>) known.join() : null;
        if (segments == null) {
            segments = boardSegments(rows, keys);
            boards.as(CaffeineCache.class).put(keys, CompletableFuture.completedFuture(segments));
        }
        return segments;
    }

    private List<byte[]> boardSegments(List<RepositoryCard> rows, List<Key> keys) {
        List<byte[]> segments = new ArrayList<>();
        StringBuilder open = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            List<String> parts = parts(rows.get(i), keys.get(i));
            open.append(parts.get(0));
            for (int part = 1; part < parts.size(); part++) {
                segments.add(open.toString().getBytes(StandardCharsets.UTF_8));
                open.setLength(0);
                open.append(parts.get(part));
            }
            open.append('\n');
        }
        segments.add(open.toString().getBytes(StandardCharsets.UTF_8));
        return List.copyOf(segments);
    }

    /** The markup, in the parts between which the page's CSRF token goes. */
    private List<String> parts(RepositoryCard repository, String returnTo, boolean board, String token) {
        return List.of(Html.compact(card.data("card", repository).data("returnTo", returnTo).data("board", board)
                .data("token", token).render()).split(TOKEN_SLOT, -1));
    }
}
