package dev.promenade.web;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestPath;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.DriftService;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.PromotionHistory;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.StepReport;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** One repository: its pipeline, the commits pending into an environment, pinned comparisons, history. */
@Path("/repos/{owner}/{repo}")
@Produces(MediaType.TEXT_HTML)
public class RepositoryResource {

    private static final Pattern RANGE = Pattern.compile("([0-9a-f]{7,40})\\.\\.\\.([0-9a-f]{7,40})");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pipeline(RepositoryCard card, int preview, Map<String, PullRequest> lastPromotions);

        static native TemplateInstance pending(PendingList list);

        static native TemplateInstance compare(PinnedList list);

        static native TemplateInstance history(String repository, String htmlUrl, PromotionStep step,
                List<PullRequest> pullRequests);
    }

    @Inject
    RepositoryPermissions permissions;

    @Inject
    DriftService drift;

    @Inject
    PromotionHistory history;

    @Inject
    PublicLinks links;

    @Inject
    Ages ages;

    @GET
    public TemplateInstance pipeline(@RestPath String owner, @RestPath String repo, @BeanParam NoticeQuery notice) {
        ReadableRepository repository = permissions.readable(owner, repo);
        String name = repository.pipeline().repository().fullName();
        return Templates.pipeline(
                new RepositoryCard(repository, drift.status(repository.pipeline()), notice.notice(name, ages)),
                DriftService.PREVIEW, history.lastMerged(repository.pipeline()));
    }

    @GET
    @Path("/pending/{env}")
    public TemplateInstance pending(@RestPath String owner, @RestPath String repo, @RestPath String env,
            @BeanParam NoticeQuery notice, @Context UriInfo request) {
        ReadableRepository repository = permissions.readable(owner, repo);
        PromotionStep step = stepInto(repository, env);
        Observed<StepReport> observed = drift.pending(repository.pipeline(), step);
        String path = "/repos/" + repository.pipeline().repository().fullName();
        String pinned = observed.hasValue()
                ? links.to(path + "/compare/" + observed.value().drift().targetSha() + "..."
                        + observed.value().drift().sourceSha(), request)
                : null;
        RepositoryCard.StepNotice stepNotice = notice.notice(repository.pipeline().repository().fullName(), ages);
        return Templates.pending(new PendingList(repository, step, observed,
                links.to(path + "/pending/" + step.target().name(), request), pinned,
                stepNotice != null && stepNotice.target().equals(env) ? stepNotice.notice() : null));
    }

    @GET
    @Path("/compare/{range}")
    public TemplateInstance compare(@RestPath String owner, @RestPath String repo, @RestPath String range,
            @Context UriInfo request) {
        ReadableRepository repository = permissions.readable(owner, repo);
        Matcher shas = RANGE.matcher(range);
        if (!shas.matches()) {
            throw new BadRequestException("A pinned comparison is two commit SHAs: BASE...HEAD, in hexadecimal");
        }
        Comparison comparison;
        try {
            comparison = drift.pinned(repository.pipeline().repository(), shas.group(1), shas.group(2));
        } catch (GitHubFailure failure) {
            if (failure.kind() == GitHubFailure.Kind.NOT_FOUND) {
                throw new NotFoundException("GitHub knows no such commits in " + repository.pipeline().repository());
            }
            throw failure;
        }
        String path = "/repos/" + repository.pipeline().repository().fullName() + "/compare/" + range;
        return Templates.compare(new PinnedList(repository, shas.group(1), shas.group(2), comparison,
                links.to(path, request)));
    }

    @GET
    @Path("/history/{env}")
    public TemplateInstance history(@RestPath String owner, @RestPath String repo, @RestPath String env) {
        ReadableRepository repository = permissions.readable(owner, repo);
        PromotionStep step = stepInto(repository, env);
        return Templates.history(repository.pipeline().repository().fullName(), repository.access().htmlUrl(), step,
                history.recent(repository.pipeline(), step));
    }

    /** @throws NotFoundException for an unknown environment and for the first one, into which nothing is promoted */
    static PromotionStep stepInto(ReadableRepository repository, String env) {
        return repository.pipeline().stepInto(env).orElseThrow(() -> new NotFoundException(
                repository.pipeline().environments().stream().anyMatch(e -> e.name().equals(env))
                        ? env + " is the first environment: nothing is promoted into it"
                        : "No environment " + env + " in " + repository.pipeline().repository()));
    }
}
