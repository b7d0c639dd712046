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
import dev.promenade.pipeline.Changes;
import dev.promenade.pipeline.Repositories;
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
    Changes changes;

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
     * @param page which page of the rows sorted and filtered so ({@link Board#PAGE_SIZE} each)
     */
    @GET
    public Uni<byte[]> index(@QueryParam("sort") String sort, @QueryParam("show") String show, @QueryParam("q") String text,
            @QueryParam("page") String page) {
        int requested = Paging.requested(page);
        Viewer viewer = user.viewer();
        Instant deadline = reads.deadline();
        // Read as this user beside the access check, so that a first visit waits for GitHub once.
        changes.refresh(permissions.perhapsReadable(viewer), viewer);
        return Uni.createFrom().completionStage(permissions.visibility(viewer))
                .chain(visibility -> reads.cards(visibility.readable(), viewer, deadline)
                        .map(shown -> {
                            Board board = Board.of(shown.cards(), repositories.catalog().defaultChain(), sort, show, text,
                                    requested);
                            // The page's stream sends the rows of this page of the board, and the summary of all.
                            String html = Templates.index(board, DriftSummary.of(shown.cards()), visibility,
                                    PageReads.live(shown.version(), "overview", "sort", board.sort().key(), "show",
                                            board.show().key(), "q", board.text(), "page", String.valueOf(board.page())),
                                    Html.SLOT).render();
                            return Html.utf8(html, cards.board(board.rows()), forms.token());
                        }));
    }
}
