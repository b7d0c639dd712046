package dev.promenade.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.auth.CurrentUser;
import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.Viewer;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;

/**
 * {@code GET /events}: the server-sent events an open page subscribes to (htmx's SSE extension),
 * for the repositories it shows that its user may read.
 */
@Path("/events")
public class EventsResource {

    @Inject
    RepositoryPermissions permissions;

    @Inject
    LiveUpdates live;

    /** Pages with live updates one user may have open at once, on one replica. */
    static final int MAX_OPEN_PAGES = 50;

    @Inject
    CurrentUser user;

    @Inject
    PageReads reads;

    @Inject
    Repositories repositories;

    @Inject
    Forms forms;

    @Inject
    PublicLinks links;

    /**
     * @param view        {@code overview}, {@code repository} or {@code pending}
     * @param since       the number of the last change the page showed when rendered
     * @param lastEventId the number of the last change sent before the connection dropped, which a
     *                    browser sends when it connects again
     */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@RestQuery String view, @RestQuery String repo, @RestQuery String env,
            @RestQuery String page, @RestQuery String sort, @RestQuery String show, @RestQuery String q, @RestQuery Long since,
            @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse, @Context UriInfo request) {
        LiveUpdates.View shown = view(view);
        Viewer viewer = user.viewer();
        if (live.openBy(viewer.login()) >= MAX_OPEN_PAGES) {
            // Each open page holds a connection and is sent every change: a person has a few, not hundreds.
            throw new WebApplicationException("You have " + MAX_OPEN_PAGES + " Promenade pages updating themselves already:"
                    + " close some, then reload this one.", 429);
        }
        long seen = Math.max(since == null ? 0 : since, number(lastEventId));
        // Decided before the stream starts, so that a repository the user may not read is a 404, not an empty stream.
        List<ReadableRepository> readable = shown == LiveUpdates.View.OVERVIEW
                ? RepositoryResource.join(permissions.visibility(viewer)).readable()
                : List.of(RepositoryResource.join(permissions.readable(viewer, owner(repo), name(repo))));
        PromotionStep step = shown == LiveUpdates.View.PENDING ? RepositoryResource.stepInto(readable.get(0), env) : null;
        // The overview's rows are those of its page of the board, as sorted and filtered when it was rendered.
        Set<Pipeline> rows = shown != LiveUpdates.View.OVERVIEW ? null
                : Board.of(readable.stream().map(reads::card).toList(), repositories.catalog().defaultChain(), sort, show, q,
                        Paging.requested(page)).rows().stream().map(RepositoryCard::pipeline).collect(Collectors.toSet());
        return live.subscribe(shown, viewer, readable, rows, step, Paging.requested(page), forms.token(), links.base(request), seen,
                sse, sessionEnds());
    }

    /** When the session ends: its ID token's expiry (Quarkus makes one, for 8 hours, when GitHub gives none). */
    private Instant sessionEnds() {
        SecurityIdentity identity = user.identity();
        return identity != null && identity.getPrincipal() instanceof JsonWebToken token && token.getExpirationTime() > 0
                ? Instant.ofEpochSecond(token.getExpirationTime()) : null;
    }

    private static LiveUpdates.View view(String view) {
        try {
            return LiveUpdates.View.valueOf(String.valueOf(view).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("view is overview, repository or pending");
        }
    }

    private static String owner(String repo) {
        return repo == null || !repo.contains("/") ? "" : repo.substring(0, repo.indexOf('/'));
    }

    private static String name(String repo) {
        return repo == null || !repo.contains("/") ? "" : repo.substring(repo.indexOf('/') + 1);
    }

    private static long number(String id) {
        try {
            return id == null ? 0 : Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
