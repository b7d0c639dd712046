package dev.promenade.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.auth.Visibility;
import dev.promenade.pipeline.DriftService;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.PipelineStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Every repository the user may read, with its environments and drift. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class OverviewResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<RepositoryCard> cards, Visibility visibility);
    }

    @Inject
    RepositoryPermissions permissions;

    @Inject
    DriftService drift;

    @GET
    public TemplateInstance index() {
        Visibility visibility = permissions.visibility();
        List<ReadableRepository> readable = visibility.readable();
        List<Observed<PipelineStatus>> statuses = drift.statuses(
                readable.stream().map(ReadableRepository::pipeline).toList());
        List<RepositoryCard> cards = new ArrayList<>();
        for (int i = 0; i < readable.size(); i++) {
            cards.add(new RepositoryCard(readable.get(i), statuses.get(i)));
        }
        return Templates.index(cards, visibility);
    }
}
