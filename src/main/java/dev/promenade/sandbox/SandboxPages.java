package dev.promenade.sandbox;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.jgit.revwalk.RevCommit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;

/** The few github.com pages Promenade links to, so links work offline. Public, like GitHub's. */
@ApplicationScoped
class SandboxPages {

    @CheckedTemplate(basePath = "sandbox")
    static class Templates {
        static native TemplateInstance commit(String repository, RevCommit commit, String author);
    }

    @Inject
    SandboxWorld world;

    void commit(RoutingContext context) {
        Optional<SandboxRepository> repo = world.repository(context.pathParam("param0"), context.pathParam("param1"))
                .filter(r -> !r.isPrivate());
        Optional<RevCommit> commit = repo.flatMap(r -> r.resolve(context.pathParam("param2")));
        if (commit.isEmpty()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem(
                    "No such commit in a public sandbox repository (private ones have no public pages here)."));
            return;
        }
        String author = DemoUser.byEmail(commit.get().getAuthorIdent().getEmailAddress()).map(DemoUser::login)
                .orElse(commit.get().getAuthorIdent().getName());
        SandboxOAuth.html(context, 200, Templates.commit(repo.get().fullName(), commit.get(), author));
    }

    /** An avatar: the user's initial on a colour derived from their id, as an SVG. */
    void avatar(RoutingContext context) {
        long id = Long.parseLong(context.pathParam("param0"));
        String initial = DemoUser.SIGN_IN.stream().filter(user -> user.id() == id).findFirst()
                .map(user -> user.login().substring(0, 1).toUpperCase()).orElse("?");
        int hue = (int) (id * 137 % 360);
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">"
                + "<rect width=\"64\" height=\"64\" fill=\"hsl(" + hue + ",55%,45%)\"/>"
                + "<text x=\"32\" y=\"42\" font-family=\"sans-serif\" font-size=\"30\" fill=\"#fff\" text-anchor=\"middle\">"
                + initial + "</text></svg>";
        context.response().putHeader("Content-Type", "image/svg+xml").putHeader("Cache-Control", "max-age=86400")
                .end(svg);
    }
}
