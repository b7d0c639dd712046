package dev.promenade.web;

import java.time.Clock;
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
        String filled = token == null ? "" : token;
        if (card.notice() != null) {
            return new RawString(String.join(filled, parts(card, returnTo, board, filled)));
        }
        Key key = new Key(card.observed(), card.repository().access(), card.reading(), card.announced(), returnTo, board,
                clock.millis() / 1000);
        CompletableFuture<Object> known = rendered.as(CaffeineCache.class).getIfPresent(key);
        @SuppressWarnings("unchecked")
        List<String> parts = known != null && known.isDone() ? (List<String>) known.join() : null;
        if (parts == null) {
            parts = parts(card, returnTo, board, TOKEN_SLOT);
            rendered.as(CaffeineCache.class).put(key, CompletableFuture.completedFuture(parts));
        }
        return new RawString(String.join(filled, parts));
    }

    /** The markup, in the parts between which the page's CSRF token goes. */
    private List<String> parts(RepositoryCard repository, String returnTo, boolean board, String token) {
        return List.of(card.data("card", repository).data("returnTo", returnTo).data("board", board).data("token", token)
                .render().split(TOKEN_SLOT, -1));
    }
}
