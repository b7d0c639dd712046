package dev.promenade.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
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
import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.auth.CurrentUser;
import dev.promenade.auth.Seals;
import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.pipeline.Changes;
import dev.promenade.pipeline.CommitChecks;
import dev.promenade.pipeline.CommitLists;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.PromotionHistory;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.StepReport;
import dev.promenade.pipeline.Viewer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** One repository: its pipeline, the commits pending into an environment, pinned comparisons, history. */
@Path("/repos/{owner}/{repo}")
@Produces(MediaType.TEXT_HTML)
public class RepositoryResource {

    private static final Pattern RANGE = Pattern.compile("([0-9a-f]{7,40})\\.\\.\\.([0-9a-f]{7,40})");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pipeline(RepositoryCard card, int preview, String live, String token);

        static native TemplateInstance pipeline$repository(RepositoryCard card, int preview, String token);

        static native TemplateInstance pending(PendingList list, String live, String token);

        static native TemplateInstance pending$list(PendingList list, String token);

        static native TemplateInstance compare(PinnedList list);

        static native TemplateInstance history(String repository, String htmlUrl, PromotionStep step,
                List<PullRequest> pullRequests);
    }

    /** Pending commits the repository page lists per step: what GitHub gives in the pipeline's own read. */
    static final int PREVIEW = 10;

    @Inject
    CommitChecks checks;

    @Inject
    RepositoryPermissions permissions;

    @Inject
    PageReads reads;

    @Inject
    Changes changes;

    @Inject
    CommitLists commits;

    @Inject
    PromotionHistory history;

    @Inject
    PublicLinks links;

    @Inject
    CurrentUser user;

    @Inject
    Forms forms;

    @Inject
    Seals seals;

    @Inject
    Clock clock;

    @GET
    public Uni<byte[]> pipeline(@RestPath String owner, @RestPath String repo, @BeanParam NoticeQuery notice) {
        return card(owner, repo).map(shown -> {
            RepositoryCard card = shown.cards().get(0);
            return Html.utf8(Templates.pipeline(card.withNotice(notice.notice(card.name(), user.login(), seals, clock)), PREVIEW,
                    PageReads.live(shown.version(), "repository", "repo", card.name()), forms.token()));
        });
    }

    @GET
    @Path("/pending/{env}")
    public Uni<byte[]> pending(@RestPath String owner, @RestPath String repo, @RestPath String env,
            @RestQuery("page") String pageNumber, @BeanParam NoticeQuery notice, @Context UriInfo request) {
        int page = Paging.requested(pageNumber);
        return card(owner, repo).chain(shown -> {
            RepositoryCard card = shown.cards().get(0);
            PromotionStep step = stepInto(card.repository(), env);
            Optional.ofNullable(card.observed().value()).flatMap(status -> status.stepInto(env))
                    .ifPresent(report -> Paging.exists(page, CommitLists.pages(report.drift().pendingCount()),
                            report.drift().pendingCount()));
            String live = PageReads.live(shown.version(), "pending", "repo", card.name(), "env", env, "page", String.valueOf(page));
            RepositoryCard.StepNotice stepNotice = notice.notice(card.name(), user.login(), seals, clock);
            PromotionNotice told = stepNotice != null && stepNotice.target().equals(env) ? stepNotice.notice() : null;
            return reads.pendingList(card, step, user.viewer(), told, links.base(request), page)
                    .map(list -> Html.utf8(Templates.pending(list, live, forms.token())));
        });
    }

    /**
     * @param stepName the step the link was made for (optional, as the pending page makes links)
     * @param made     the day the link was made (optional)
     */
    @GET
    @Path("/compare/{range}")
    public Uni<TemplateInstance> compare(@RestPath String owner, @RestPath String repo, @RestPath String range,
            @RestQuery("page") String pageNumber, @RestQuery("step") String stepName, @RestQuery("made") String made,
            @Context UriInfo request) {
        Matcher shas = RANGE.matcher(range);
        int page = Paging.requested(pageNumber);
        Viewer viewer = user.viewer();
        return Uni.createFrom().completionStage(permissions.readable(viewer, owner, repo)).chain(repository -> {
            if (!shas.matches()) {
                throw new BadRequestException("A pinned comparison is two commit SHAs: BASE...HEAD, in hexadecimal");
            }
            RepositoryName name = repository.pipeline().repository();
            String base = shas.group(1);
            String head = shas.group(2);
            // A link naming a step this pipeline lacks is still a good list: the name is dropped, never trusted.
            PromotionStep step = stepName == null ? null : repository.pipeline().stepInto(stepName).orElse(null);
            String path = "/repos/" + name.fullName() + "/compare/" + range;
            Uni<PinnedList.MovedOn> movedOn = movedOn(repository, step, head, viewer);
            return Uni.createFrom().completionStage(commits.pinnedPage(viewer, name, base, head, page))
                    .onFailure(failure -> failure instanceof GitHubFailure github && github.kind() == GitHubFailure.Kind.NOT_FOUND)
                    .transform(failure -> new NotFoundException("GitHub knows no such commits in " + name))
                    .chain(comparison -> {
                        Paging.exists(page, CommitLists.pages(comparison.aheadBy()), comparison.aheadBy());
                        return Uni.combine().all().unis(Uni.createFrom().completionStage(checks.of(viewer, name, comparison.commits())),
                                movedOn).asTuple().map(found -> Templates.compare(new PinnedList(repository, base, head, comparison,
                                        links.to(path, request) + PinnedList.query(step == null ? null : step.target().name(),
                                                day(made)), page, found.getItem1(), step, day(made),
                                        found.getItem2())));
                    });
        });
    }

    /** How the step's branches stand now against the pinned head, from the snapshot and one comparison at most. */
    private Uni<PinnedList.MovedOn> movedOn(ReadableRepository repository, PromotionStep step, String head, Viewer viewer) {
        Observed<PipelineStatus> known = reads.card(repository).observed();
        StepReport report = step == null || !known.hasValue() ? null : known.value().stepInto(step.target().name()).orElse(null);
        if (report == null) {
            return Uni.createFrom().nullItem();
        }
        String source = report.drift().sourceSha();
        String target = report.drift().listBase();
        if (source.equals(head)) {
            return Uni.createFrom().item(new PinnedList.MovedOn(0, source, target, false));
        }
        return Uni.createFrom().completionStage(commits.counts(viewer, repository.pipeline().repository(), head, source))
                .map(since -> new PinnedList.MovedOn(since.aheadBy(), source, target, since.behindBy() > 0))
                .onFailure(GitHubFailure.class).recoverWithItem(new PinnedList.MovedOn(-1, source, target, false));
    }

    private static LocalDate day(String made) {
        try {
            return made == null ? null : LocalDate.parse(made);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @GET
    @Path("/history/{env}")
    public TemplateInstance history(@RestPath String owner, @RestPath String repo, @RestPath String env) {
        ReadableRepository repository = join(permissions.readable(user.viewer(), owner, repo));
        PromotionStep step = stepInto(repository, env);
        return Templates.history(repository.pipeline().repository().fullName(), repository.access().htmlUrl(), step,
                history.recent(repository.pipeline(), step));
    }

    /** The repository's card: from its snapshot, first read waited for until the page deadline. */
    private Uni<PageReads.Shown> card(String owner, String repo) {
        Viewer viewer = user.viewer();
        Instant deadline = reads.deadline();
        // Read as this user beside the access check, so that a first visit waits for GitHub once.
        permissions.perhapsReadable(viewer, owner, repo).ifPresent(pipeline -> changes.refresh(List.of(pipeline), viewer));
        return Uni.createFrom().completionStage(permissions.readable(viewer, owner, repo))
                .chain(repository -> reads.cards(List.of(repository), viewer, deadline));
    }

    /** @throws NotFoundException for an unknown environment and for the first one, into which nothing is promoted */
    static PromotionStep stepInto(ReadableRepository repository, String env) {
        return repository.pipeline().stepInto(env).orElseThrow(() -> new NotFoundException(
                repository.pipeline().environments().stream().anyMatch(e -> e.name().equals(env))
                        ? env + " is the first environment: nothing is promoted into it"
                        : "No environment " + env + " in " + repository.pipeline().repository()));
    }

    /** Waits on a worker thread, for the pages that are blocking anyway. */
    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
