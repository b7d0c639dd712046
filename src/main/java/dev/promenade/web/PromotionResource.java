package dev.promenade.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import dev.promenade.auth.CurrentUser;
import dev.promenade.auth.ReadableRepository;
import dev.promenade.auth.RepositoryPermissions;
import dev.promenade.auth.Seals;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.Promotion;
import dev.promenade.pipeline.PromotionService;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.StepReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Promote and Back-merge: real forms (CSRF-protected, see CsrfCheck) answered with a
 * redirect back to the page, or, for htmx, with the step's updated markup.
 */
@Path("/repos/{owner}/{repo}")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@Produces(MediaType.TEXT_HTML)
public class PromotionResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance step(StepView view, String returnTo);
    }

    @Inject
    RepositoryPermissions permissions;

    @Inject
    PromotionService promotions;

    @Inject
    Snapshots snapshots;

    @Inject
    CurrentUser user;

    @Inject
    PublicLinks links;

    @Inject
    Ages ages;

    @Inject
    MeterRegistry metrics;

    @Inject
    Seals seals;

    @Inject
    Clock clock;

    @POST
    @Path("/promote/{env}")
    public Response promote(@RestPath String owner, @RestPath String repo, @RestPath String env,
            @RestForm String confirm, @RestForm("return") String returnTo, @RestHeader("HX-Request") String htmx,
            @Context UriInfo request) {
        ReadableRepository repository = RepositoryResource.join(permissions.readable(user.viewer(), owner, repo));
        PromotionStep step = RepositoryResource.stepInto(repository, env);
        Promotion promotion = promotions.promote(repository.pipeline(), step, user.viewer(), confirm, links.base(request));
        return answer(repository, step, PromotionNotice.PROMOTION, promotion, returnTo, htmx, "promote");
    }

    @POST
    @Path("/back-merge/{env}")
    public Response backMerge(@RestPath String owner, @RestPath String repo, @RestPath String env,
            @RestForm("return") String returnTo, @RestHeader("HX-Request") String htmx) {
        ReadableRepository repository = RepositoryResource.join(permissions.readable(user.viewer(), owner, repo));
        PromotionStep step = RepositoryResource.stepInto(repository, env);
        Promotion promotion = promotions.backMerge(repository.pipeline(), step, user.viewer());
        return answer(repository, step, PromotionNotice.BACK_MERGE, promotion, returnTo, htmx, "back-merge");
    }

    private Response answer(ReadableRepository repository, PromotionStep step, String action, Promotion promotion,
            String returnTo, String htmx, String verb) {
        metrics.counter("promenade.promotions", "action", action, "outcome", promotion.outcome().name().toLowerCase(Locale.ROOT))
                .increment();
        String name = repository.pipeline().repository().fullName();
        if (promotion.outcome() == Promotion.Outcome.NOT_ALLOWED && promotion.failure() == null) {
            // GitHub, asked just now, says this user may read but not push.
            throw new ForbiddenException("You need write access to " + name + " to " + verb + ".");
        }
        PromotionNotice notice = PromotionNotice.of(action, promotion, name, ages);
        if (!"true".equals(htmx)) {
            String back = safeReturn(returnTo, "/repos/" + name);
            return Response.seeOther(URI.create(back + "?" + NoticeQuery.of(seals, clock, user.login(), name,
                    step.target().name(), notice))).build();
        }
        StepReport report = promotion.report() != null ? promotion.report() : lastKnown(repository, step);
        if (report != null && promotion.succeeded()) {
            report = PromotionNotice.BACK_MERGE.equals(action) ? report.withBackMerge(promotion.pullRequest())
                    : report.withPromotion(promotion.pullRequest());
        }
        StepView view = new StepView(name, step, report, repository.access(), notice);
        return Response.status(promotion.httpStatus())
                .entity(Templates.step(view, safeReturn(returnTo, "/repos/" + name)))
                .build();
    }

    /** GitHub failed before the step could be read: show what was known of it. */
    private StepReport lastKnown(ReadableRepository repository, PromotionStep step) {
        PipelineStatus status = snapshots.snapshot(repository.pipeline()).value();
        return status == null ? null : status.stepInto(step.target().name()).orElse(null);
    }

    /** A path of this site: RFC 3986 path characters only (no space, no backslash, no control character). */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?!/)[A-Za-z0-9._~!$&'()*+,;=:@/%-]{0,1999}");

    /** Only back to a page of this application, and only to an address that is one: never another host, never a 500. */
    static String safeReturn(String returnTo, String fallback) {
        if (returnTo == null) {
            return fallback;
        }
        int query = returnTo.indexOf('?');
        String path = query < 0 ? returnTo : returnTo.substring(0, query);
        if (!LOCAL_PATH.matcher(path).matches()) {
            return fallback;
        }
        try {
            return new URI(path).getRawPath().equals(path) ? path : fallback;
        } catch (URISyntaxException broken) {
            return fallback;
        }
    }
}
