package dev.promenade.sandbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.jgit.revwalk.RevCommit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * The few github.com pages Promenade links to, so links work offline: those of public repositories
 * for anyone, those of private ones for whoever signed in through the sandbox and may read them.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
class SandboxPages {

    @CheckedTemplate(basePath = "sandbox")
    static class Templates {
        static native TemplateInstance commit(String repository, CommitPage commit, String author);

        static native TemplateInstance compare(String repository, String base, String head, List<CommitPage> commits);

        static native TemplateInstance pull(String repository, PullPage pull, List<DemoUser> mergers);

        static native TemplateInstance repository(String repository, Map<String, CommitPage> branches,
                List<SandboxPull> pulls, List<DemoUser> authors, String pushed, Boolean installed);
    }

    /** What the pages show of a commit (JGit's own types stay out of templates, which are also built into production packages). */
    record CommitPage(String name, String shortMessage, String fullMessage) {
        static CommitPage of(RevCommit commit) {
            return new CommitPage(commit.name(), commit.getShortMessage(), commit.getFullMessage());
        }
    }

    /** What the pull request page shows. */
    record PullPage(int number, String title, String body, String author, String base, String head, String state,
            boolean merged, String mergeableState, String mergeCommitSha) {
    }

    @Inject
    SandboxWorld world;

    @Inject
    SandboxApi api;

    @Inject
    Clock clock;

    @Inject
    SandboxWebhooks webhooks;

    /** The pull request page at the pull request's {@code html_url}, with GitHub's Merge button. */
    void pull(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        Optional<SandboxPull> pull = repo.flatMap(r -> r.pull(Integer.parseInt(context.pathParam("param2"))));
        if (pull.isEmpty()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem("No such pull request in a sandbox repository you may read."));
            return;
        }
        Map<String, Object> json = api.detailed(repo.get(), pull.get());
        SandboxPull found = pull.get();
        SandboxOAuth.html(context, 200, Templates.pull(repo.get().fullName(), new PullPage(found.number, found.title,
                found.body, found.author, found.base, found.head, found.state, found.mergedAt != null,
                (String) json.get("mergeable_state"), found.mergeCommitSha), mergers(repo.get())));
    }

    /** The Merge button (a real merge commit on the base branch) and the Squash and merge button (one new commit). */
    void merge(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        int number = Integer.parseInt(context.pathParam("param2"));
        Optional<DemoUser> by = DemoUser.byLogin(String.valueOf(context.request().getFormAttribute("login")))
                .filter(user -> repo.flatMap(r -> r.roleOf(user.login())).filter(role -> role != SandboxRepository.Role.READ)
                        .isPresent());
        Optional<SandboxPull> pull = repo.flatMap(r -> r.pull(number));
        String before = pull.flatMap(found -> repo.get().branchHead(found.base)).map(RevCommit::name).orElse(null);
        if (repo.isEmpty() || by.isEmpty() || !repo.get().mergePull(number, by.get(), clock.instant(),
                "squash".equals(context.request().getFormAttribute("method")))) {
            SandboxOAuth.html(context, 409, SandboxOAuth.Templates.problem(
                    "This pull request cannot be merged (closed already, conflicting, or no one with push access merging)."));
            return;
        }
        webhooks.pushed(repo.get(), pull.get().base, before, pull.get().mergeCommitSha);
        webhooks.pullRequest(repo.get(), "closed", pull.get());
        context.response().setStatusCode(303)
                .putHeader("Location", "/sandbox/" + repo.get().fullName() + "/pull/" + number).end();
    }

    /** A repository's branches and pull requests, with a form to push a commit as a developer would. */
    void repository(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        if (repo.isEmpty()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem("No such sandbox repository you may read."));
            return;
        }
        List<SandboxPull> pulls = new ArrayList<>(repo.get().pulls());
        pulls.sort(Comparator.comparing((SandboxPull pull) -> pull.number).reversed());
        // After a push, say what happened: the pushed commit, if it is the head of a branch of this repository.
        String pushed = context.request().getParam("pushed");
        String told = null;
        if (pushed != null) {
            told = repo.get().branches().entrySet().stream().filter(branch -> branch.getValue().name().equals(pushed))
                    .map(branch -> "Pushed " + pushed.substring(0, 7) + " to " + branch.getKey()
                            + ". Promenade hears of it through the webhook, as it would from GitHub.")
                    .findFirst().orElse(null);
        }
        SandboxOAuth.html(context, 200, Templates.repository(repo.get().fullName(), branches(repo.get()), pulls,
                DemoUser.SIGN_IN, told, world.appMode() ? world.installed().contains(repo.get()) : null));
    }

    /**
     * As a GitHub App's sandbox: takes the repository out of the App's installation or puts it back,
     * as an organisation owner would in the App's settings; GitHub then tells the App (its webhook).
     */
    void installation(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        if (repo.isEmpty() || !world.appMode()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem("No such sandbox repository of a GitHub App's installation."));
            return;
        }
        world.install(repo.get().fullName(), "true".equals(context.request().getFormAttribute("installed")));
        context.response().setStatusCode(303).putHeader("Location", "/sandbox/" + repo.get().fullName()).end();
    }

    /** Simulates a developer's push: a new commit on a branch, optionally with a CI result on it. */
    void push(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        String branch = context.request().getFormAttribute("branch");
        String message = context.request().getFormAttribute("message");
        Optional<DemoUser> author = DemoUser.byLogin(String.valueOf(context.request().getFormAttribute("login")));
        if (repo.isEmpty() || branch == null || repo.get().branchHead(branch).isEmpty() || message == null
                || message.isBlank() || author.isEmpty()) {
            SandboxOAuth.html(context, 400, SandboxOAuth.Templates.problem("Pick an existing branch, an author and a message."));
            return;
        }
        String before = repo.get().branchHead(branch).map(RevCommit::name).orElse(null);
        RevCommit commit = repo.get().commit(branch, author.get(), clock.instant(), message.strip());
        String ci = context.request().getFormAttribute("ci");
        if (ci != null && List.of("success", "pending", "failure").contains(ci)) {
            repo.get().addStatus(commit.name(), new SandboxRepository.Status(ci, "ci/build", "Build " + ci, null,
                    clock.instant()));
        }
        webhooks.pushed(repo.get(), branch, before, commit.name());
        // The new commit, for scripts (the benchmark, tests) that push and then tell Promenade as GitHub would.
        context.response().setStatusCode(303).putHeader("Location", "/sandbox/" + repo.get().fullName() + "?pushed=" + commit.name())
                .putHeader("X-Sandbox-Commit", commit.name()).end();
    }

    private List<DemoUser> mergers(SandboxRepository repo) {
        return DemoUser.SIGN_IN.stream()
                .filter(user -> repo.roleOf(user.login()).filter(role -> role != SandboxRepository.Role.READ).isPresent())
                .toList();
    }

    /** A public repository, or a private one the user signed in to the sandbox may read (as on GitHub). */
    private Optional<SandboxRepository> readableRepository(RoutingContext context) {
        Optional<DemoUser> user = SandboxSessions.user(context);
        return world.repository(context.pathParam("param0"), context.pathParam("param1"))
                .filter(r -> !r.isPrivate() || user.flatMap(signedIn -> r.roleOf(signedIn.login())).isPresent());
    }

    void commit(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        Optional<RevCommit> commit = repo.flatMap(r -> r.resolve(context.pathParam("param2")));
        if (commit.isEmpty()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem(
                    "No such commit in a sandbox repository you may read."));
            return;
        }
        String author = DemoUser.byEmail(commit.get().getAuthorIdent().getEmailAddress()).map(DemoUser::login)
                .orElse(commit.get().getAuthorIdent().getName());
        SandboxOAuth.html(context, 200, Templates.commit(repo.get().fullName(), CommitPage.of(commit.get()), author));
    }

    /** GitHub's compare view: the commits {@code head} has that {@code base} lacks, oldest first. */
    void compare(RoutingContext context) {
        Optional<SandboxRepository> repo = readableRepository(context);
        String base = context.pathParam("param2");
        String head = context.pathParam("param3");
        Optional<RevCommit> baseCommit = repo.flatMap(r -> r.resolve(base));
        Optional<RevCommit> headCommit = repo.flatMap(r -> r.resolve(head));
        if (baseCommit.isEmpty() || headCommit.isEmpty()) {
            SandboxOAuth.html(context, 404, SandboxOAuth.Templates.problem("No such commits in a sandbox repository you may read."));
            return;
        }
        List<CommitPage> commits = repo.get().only(headCommit.get(), baseCommit.get()).stream().map(CommitPage::of).toList();
        SandboxOAuth.html(context, 200, Templates.compare(repo.get().fullName(), base, head, commits));
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

    private static Map<String, CommitPage> branches(SandboxRepository repository) {
        Map<String, CommitPage> branches = new java.util.LinkedHashMap<>();
        repository.branches().forEach((branch, head) -> branches.put(branch, CommitPage.of(head)));
        return branches;
    }

}
