package dev.promenade.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.auth.CurrentUser;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.auth.Visibility;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Every repository the user may read, with its environments and drift. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<RepositoryCard> cards, Visibility visibility, Watch watch);

        /** What a watch request gets: the blocks read since, swapped in place, and the next watch. */
        static native TemplateInstance index$updates(List<RepositoryCard> cards, Watch watch);
    }

    @Inject
    RepositoryPermissions permissions;

    @Inject
    Snapshots snapshots;

    @Inject
    PageReads reads;

    @Inject
    CurrentUser user;

    @GET
    public Uni<byte[]> index(@RestQuery Set<String> watch, @RestHeader("HX-Request") String htmx) {
        Viewer viewer = user.viewer();
        if ("true".equals(htmx) && !watch.isEmpty()) {
            // The blocks whose reads are done are swapped in; those still being read are watched further.
            return Uni.createFrom().completionStage(permissions.visibility(viewer))
                    .chain(visibility -> reads.settled(PageReads.watched(visibility.readable(), watch)))
                    .map(cards -> Html.utf8(Templates.index$updates(cards.stream().filter(card -> !card.reading()).toList(),
                            reads.watch("/", "this", cards))));
        }
        Instant deadline = reads.deadline();
        // Read as this user beside the access check, so that a first visit waits for GitHub once.
        snapshots.refreshIfStale(permissions.perhapsReadable(viewer), viewer);
        return Uni.createFrom().completionStage(permissions.visibility(viewer))
                .chain(visibility -> reads.cards(visibility.readable(), viewer, deadline)
                        .map(cards -> Html.utf8(Templates.index(cards, visibility, reads.watch("/", "this", cards)))));
    }
}
