package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.promenade.pipeline.Promotion.Outcome;

/**
 * Opens promotion and back-merge pull requests, as the signed-in user, at most one per step: it
 * re-reads the step at click time, reuses an open pull request, and never reports a failure
 * before checking that GitHub really created nothing.
 */
@ApplicationScoped
public class PromotionService {

    private static final Logger LOG = Logger.getLogger(PromotionService.class);

    /** The most commits a pull request body lists; a longer list lives behind the pinned link. */
    static final int MAX_LISTED_COMMITS = 250;
    /** GitHub refuses a pull request body over 65,536 characters; the lists stop well before. */
    static final int MAX_BODY = 60_000;
    /** A headline longer than this is cut in the body (GitHub shows the rest on the commit). */
    static final int MAX_HEADLINE = 200;

    private final RepositoryHost host;
    private final Snapshots snapshots;
    private final CommitLists commits;

    @Inject
    public PromotionService(RepositoryHost host, Snapshots snapshots, CommitLists commits) {
        this.host = host;
        this.snapshots = snapshots;
        this.commits = commits;
    }

    /**
     * Opens the pull request promoting {@code step}'s source into its target.
     *
     * @param confirmedTargetSha the target head the user saw when confirming a promotion although the target
     *                           holds real changes the source lacks; {@code null} when not confirmed
     * @param publicUrl          Promenade's externally visible base URL, for the pinned link in the body
     */
    public Promotion promote(Pipeline pipeline, PromotionStep step, Viewer viewer, String confirmedTargetSha,
            String publicUrl) {
        return onStep(pipeline, step, viewer, false, report -> {
            StepDrift known = report.drift();
            if (!known.hasPending()) {
                return new Promotion(Outcome.NOTHING_TO_DO, null, report, null);
            }
            if (known.needsConfirmation() && !known.targetSha().equals(confirmedTargetSha)) {
                return new Promotion(Outcome.CONFIRMATION_NEEDED, null, report, null);
            }
            if (step.target().requireGreenChecks() && !report.checks().isGreen()) {
                return new Promotion(Outcome.CHECKS_NOT_GREEN, null, report, null);
            }
            String title = "Promote " + step.source().name() + " → " + step.target().name() + " (" + known.pendingCount()
                    + (known.pendingCount() == 1 ? " commit)" : " commits)");
            List<Commit> listed;
            try {
                listed = join(commits.pending(viewer, pipeline.repository(), known, MAX_LISTED_COMMITS));
            } catch (GitHubFailure failure) {
                return refusedOrFailed(failure, report);
            }
            return open(pipeline.repository(), step.target().branch(), step.source().branch(), title,
                    promotionBody(pipeline, step, known, listed, viewer.login(), publicUrl), viewer.login(),
                    "promotion " + step.source().name() + " → " + step.target().name(), known.sourceSha(), report);
        });
    }

    /** Opens the pull request merging {@code step}'s target (holding hotfixes) back into its source. */
    public Promotion backMerge(Pipeline pipeline, PromotionStep step, Viewer viewer) {
        return onStep(pipeline, step, viewer, true, report -> {
            if (!report.drift().targetHoldsChanges()) {
                return new Promotion(Outcome.NOTHING_TO_DO, null, report, null);
            }
            return open(pipeline.repository(), step.source().branch(), step.target().branch(),
                    "Back-merge " + step.target().name() + " → " + step.source().name(),
                    backMergeBody(step, report.drift(), viewer.login()), viewer.login(),
                    "back-merge " + step.target().name() + " → " + step.source().name(), report.drift().targetSha(), report);
        });
    }

    /**
     * Reads the repository afresh as the user and returns the pull request (promotion or back-merge)
     * already open if there is one; otherwise lets {@code decide} act on the fresh step. No lock is
     * held meanwhile: clicks at once (on any replica) may both try to open it, and GitHub, which
     * keeps one open pull request per head and base, answers the later ones "already exists", which
     * {@link #open} turns into that pull request.
     */
    private Promotion onStep(Pipeline pipeline, PromotionStep step, Viewer viewer, boolean backMerge,
            Function<StepReport, Promotion> decide) {
        StepReport report;
        try {
            Reading reading = join(snapshots.readNow(pipeline, viewer));
            if (reading instanceof Reading.Failed failed) {
                return refusedOrFailed(failed.failure(), null);
            }
            if (!(reading instanceof Reading.Read read) || !read.access().push()) {
                return new Promotion(Outcome.NOT_ALLOWED, null, null, null);
            }
            report = read.status().stepInto(step.target().name()).orElseThrow();
        } catch (GitHubFailure failure) {
            return refusedOrFailed(failure, null);
        }
        PullRequest open = backMerge ? report.backMerge() : report.promotion();
        if (open != null) {
            return new Promotion(Outcome.ALREADY_OPEN, open, report, null);
        }
        Promotion promotion = decide.apply(report);
        if (promotion.succeeded()) {
            snapshots.replaceStep(pipeline, backMerge ? report.withBackMerge(promotion.pullRequest())
                    : report.withPromotion(promotion.pullRequest()));
        }
        return refreshedIfMet(promotion, pipeline, step, viewer);
    }

    private Promotion open(RepositoryName repository, String base, String head, String title, String body,
            String login, String what, String headSha, StepReport report) {
        try {
            PullRequest opened = host.openPullRequest(repository, base, head, title, body);
            LOG.infof("%s opened %s of %s as #%d (head %s)", login, what, repository, opened.number(), headSha);
            return new Promotion(Outcome.OPENED, opened, report, null);
        } catch (GitHubFailure failure) {
            if (failure.kind() == GitHubFailure.Kind.UNPROCESSABLE && failure.reason().contains("already exists")) {
                // Opened by someone else (another instance) since we looked.
                Optional<PullRequest> open = findOpenQuietly(repository, base, head);
                if (open.isPresent()) {
                    return new Promotion(Outcome.ALREADY_OPEN, open.get(), report, null);
                }
            }
            if (failure.kind() == GitHubFailure.Kind.UNPROCESSABLE && failure.reason().contains("No commits between")) {
                return new Promotion(Outcome.NOTHING_TO_DO, null, report, null);
            }
            if (failure.kind() == GitHubFailure.Kind.UNAVAILABLE) {
                // GitHub may have created it before failing to answer: say nothing was created only after looking.
                Optional<PullRequest> created;
                try {
                    created = findOpen(repository, base, head);
                } catch (GitHubFailure lookupFailed) {
                    LOG.infof("%s may have opened %s of %s: GitHub answered neither the creation (%s) nor the look-up (%s)",
                            login, what, repository, failure.getMessage(), lookupFailed.getMessage());
                    return new Promotion(Outcome.UNCONFIRMED, null, report, failure);
                }
                if (created.isPresent()) {
                    LOG.infof("%s opened %s of %s as #%d (head %s; GitHub answered late)", login, what, repository,
                            created.get().number(), headSha);
                    return new Promotion(Outcome.OPENED, created.get(), report, null);
                }
            }
            LOG.infof("%s could not open %s of %s: %s", login, what, repository, failure.getMessage());
            return refusedOrFailed(failure, report);
        }
    }

    /** When GitHub says the branches met since the step was read, show the step as it is now. */
    private Promotion refreshedIfMet(Promotion promotion, Pipeline pipeline, PromotionStep step, Viewer viewer) {
        if (promotion.outcome() != Outcome.NOTHING_TO_DO) {
            return promotion;
        }
        try {
            if (join(snapshots.readNow(pipeline, viewer)) instanceof Reading.Read read) {
                return new Promotion(promotion.outcome(), null, read.status().stepInto(step.target().name()).orElseThrow(),
                        null);
            }
        } catch (GitHubFailure failure) {
            // The step as read at click time is what there is to show.
        }
        return promotion;
    }

    /** Waits for a read: promotions run on a worker thread. */
    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static Promotion refusedOrFailed(GitHubFailure failure, StepReport report) {
        if (failure.kind() == GitHubFailure.Kind.UNAUTHORIZED) {
            throw failure;
        }
        if (failure.kind() == GitHubFailure.Kind.FORBIDDEN || failure.kind() == GitHubFailure.Kind.NOT_FOUND) {
            return new Promotion(Outcome.NOT_ALLOWED, null, report, failure);
        }
        return new Promotion(Outcome.GITHUB_FAILED, null, report, failure);
    }

    private Optional<PullRequest> findOpen(RepositoryName repository, String base, String head) {
        List<PullRequest> open = host.pullRequests(repository, base, head, "open", 1);
        return open.stream().findFirst();
    }

    private Optional<PullRequest> findOpenQuietly(RepositoryName repository, String base, String head) {
        try {
            return findOpen(repository, base, head);
        } catch (GitHubFailure lookupFailed) {
            return Optional.empty();
        }
    }

    static String promotionBody(Pipeline pipeline, PromotionStep step, StepDrift drift, List<Commit> pending, String login,
            String publicUrl) {
        String pinned = publicUrl.replaceAll("/+$", "") + "/repos/" + pipeline.repository().fullName() + "/compare/"
                + drift.listBase() + "..." + drift.sourceSha();
        String ending = "\nThe same list, pinned to these commits: " + pinned + "\n\n" + "Opened by @" + login + " via Promenade.\n";
        StringBuilder body = new StringBuilder();
        body.append("Promotes ").append(drift.pendingCount()).append(drift.pendingCount() == 1 ? " commit" : " commits")
                .append(" from **").append(step.source().name()).append("** (`").append(step.source().branch())
                .append("`) to **").append(step.target().name()).append("** (`").append(step.target().branch())
                .append("`):\n\n");
        if (drift.promotedBySquash() > 0) {
            body.append("GitHub lists ").append(drift.aheadBy()).append(" commits in this pull request: ")
                    .append(drift.promotedBySquash()).append(drift.promotedBySquash() == 1 ? " of them was" : " of them were")
                    .append(" promoted already by squash merge (last ").append(drift.lastSquashName()).append("), which leaves them out of ").append(step.target().branch())
                    .append("'s history but not of its content.\n\n");
        }
        // The hotfix warning keeps room of its own: half of what is left at most goes to the promoted commits.
        int forPending = drift.targetHoldsChanges() ? (MAX_BODY - ending.length() + body.length()) / 2 : MAX_BODY - ending.length();
        appendCommits(body, pending, drift.pendingCount(), forPending);
        if (drift.targetHoldsChanges()) {
            body.append("\n⚠️ ").append(step.target().name()).append(" has ").append(targetChanges(drift)).append(' ')
                    .append(step.source().name()).append(" lacks (a hotfix?): not auto-mergeable.\n\n");
            appendCommits(body, drift.hotfixes(), drift.hotfixes().size(), MAX_BODY - ending.length());
        }
        return body.append(ending).toString();
    }

    /**
     * "1 commit", or, when the changes only the target holds go back further than the read looked,
     * "changes from before its newest 100 commits".
     */
    private static String targetChanges(StepDrift drift) {
        int listed = drift.hotfixes().size();
        String commits = listed + (listed == 1 ? " commit" : " commits");
        if (drift.toldApart() || !drift.undecided().isEmpty()) {
            return commits;
        }
        String older = "changes from before " + drift.newestRead() + " (GitHub's compare view lists them)";
        return listed == 0 ? older : commits + " and " + older;
    }

    static String backMergeBody(PromotionStep step, StepDrift drift, String login) {
        String ending = "\nOpened by @" + login + " via Promenade.\n";
        StringBuilder body = new StringBuilder();
        body.append("Brings ").append(targetChanges(drift)).append(" made directly on **").append(step.target().name())
                .append("** (`").append(step.target().branch()).append("`) back into **").append(step.source().name()).append("** (`").append(step.source().branch())
                .append("`), so the next promotion carries them:\n\n");
        appendCommits(body, drift.hotfixes(), drift.hotfixes().size(), MAX_BODY - ending.length());
        return body.append(ending).toString();
    }

    /**
     * One line per commit, at most {@value #MAX_LISTED_COMMITS} and while the body stays under
     * {@code upTo} characters; then how many more there are.
     *
     * @param total how many commits there are, of which {@code commits} are the first
     */
    private static void appendCommits(StringBuilder body, List<Commit> commits, int total, int upTo) {
        int listed = 0;
        String more = "- … and 9999999 more\n";
        for (Commit commit : commits.subList(0, Math.min(commits.size(), MAX_LISTED_COMMITS))) {
            String line = line(commit);
            if (body.length() + line.length() + more.length() > upTo) {
                break;
            }
            body.append(line);
            listed++;
        }
        if (total > listed) {
            body.append("- … and ").append(total - listed).append(" more\n");
        }
    }

    private static String line(Commit commit) {
        String headline = commit.headline().replace("\n", " ");
        if (headline.codePointCount(0, headline.length()) > MAX_HEADLINE) {
            headline = headline.substring(0, headline.offsetByCodePoints(0, MAX_HEADLINE - 1)) + "…";
        }
        StringBuilder line = new StringBuilder("- [`").append(commit.shortSha()).append("`](").append(commit.htmlUrl())
                .append(") ").append(headline);
        if (commit.author() != null) {
            line.append(" — ").append(commit.authorLogin() != null ? "@" + commit.authorLogin() : commit.author());
        }
        return line.append('\n').toString();
    }
}
