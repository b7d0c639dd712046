package dev.promenade.web;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.promenade.auth.CurrentUser;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.auth.Visibility;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Every repository the user may read, with its environments and drift. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(Board board, DriftSummary summary, Visibility visibility, String live, RawString rows);
    }

    @Inject
    RepositoryPermissions permissions;

    @Inject
    Snapshots snapshots;

    @Inject
    PageReads reads;

    @Inject
    CurrentUser user;

    @Inject
    Repositories repositories;

    @Inject
    CardBodies cards;

    @Inject
    Forms forms;

    /**
     * @param sort how rows are ordered: {@code name}, {@code pending}, {@code oldest}; as configured otherwise
     * @param show which rows: {@code drifting}, {@code diverged}; all otherwise
     * @param text what repository names must contain
     */
    @GET
    public Uni<byte[]> index(@QueryParam("sort") String sort, @QueryParam("show") String show, @QueryParam("q") String text) {
        Viewer viewer = user.viewer();
        Instant deadline = reads.deadline();
        // Read as this user beside the access check, so that a first visit waits for GitHub once.
        snapshots.refreshIfStale(permissions.perhapsReadable(viewer), viewer);
        return Uni.createFrom().completionStage(permissions.visibility(viewer))
                .chain(visibility -> reads.cards(visibility.readable(), viewer, deadline)
                        .map(shown -> {
                            Board board = Board.of(shown.cards(), repositories.catalog().defaultChain(), sort, show, text);
                            String page = Templates.index(board, DriftSummary.of(shown.cards()), visibility,
                                    PageReads.live(shown.version(), "overview"), Html.SLOT).render();
                            return Html.utf8(page, cards.board(board.rows()), forms.token());
                        }));
    }
}
