package dev.promenade.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.promenade.pipeline.Checks;
import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.DriftStatus;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.StepDrift;
import dev.promenade.pipeline.StepReport;

/**
 * A promotion step as a page shows it: where it stands and what the user can do about it.
 *
 * @param report {@code null} when GitHub could not be read and nothing is known
 * @param notice what the user's last action on this step came to, or {@code null}
 */
public record StepView(String repository, PromotionStep step, StepReport report, RepositoryAccess access,
        PromotionNotice notice) {

    private static final Map<String, String> MERGEABLE_STATES = Map.of(
            "clean", "mergeable",
            "unstable", "mergeable, some checks failing",
            "has_hooks", "mergeable",
            "dirty", "has conflicts",
            "blocked", "blocked by branch protection",
            "behind", "behind its base branch",
            "draft", "draft",
            "unknown", "mergeability not computed yet");

    private static final int CONFIRM_LISTED = 10;

    public StepDrift drift() {
        return report == null ? null : report.drift();
    }

    public Checks checks() {
        return report == null ? null : report.checks();
    }

    public PullRequest promotion() {
        return report == null ? null : report.promotion();
    }

    public PullRequest backMerge() {
        return report == null ? null : report.backMerge();
    }

    /** The {@code data-status} hook: the drift status, or {@code error}. */
    public String status() {
        return report == null ? "error" : drift().status().hook();
    }

    public boolean isKnown() {
        return report != null;
    }

    public int pending() {
        return report == null ? 0 : drift().pendingCount();
    }

    /** When the oldest commit waiting to enter the target was committed; {@code null} when nothing waits. */
    public Instant oldestPending() {
        return report == null ? null : drift().oldestPending();
    }

    public String target() {
        return step.target().name();
    }

    public String repositoryPath() {
        return "/repos/" + repository;
    }

    public String pendingPath() {
        return repositoryPath() + "/pending/" + target();
    }

    public String historyPath() {
        return repositoryPath() + "/history/" + target();
    }

    public String promotePath() {
        return repositoryPath() + "/promote/" + target();
    }

    public String backMergePath() {
        return repositoryPath() + "/back-merge/" + target();
    }

    /** The id of this step's pending commit list on a page listing several steps. */
    public String pendingListId() {
        return "pending-" + target();
    }

    public String hotfixesListId() {
        return "hotfixes-" + target();
    }

    /**
     * The commits only the target has that are its own (hotfixes), then those the read could not
     * tell promotions from hotfixes, oldest first.
     */
    public List<Commit> hotfixes() {
        if (report == null) {
            return List.of();
        }
        List<Commit> own = new ArrayList<>(drift().hotfixes());
        own.addAll(drift().undecided());
        return own;
    }

    /** Something to promote, or a hotfix to bring back. */
    public boolean isDrifting() {
        return pending() > 0 || targetHoldsChanges();
    }

    /** The target holds changes the source lacks, listed or not. */
    public boolean targetHoldsChanges() {
        return report != null && drift().targetHoldsChanges();
    }

    /** The status in words. */
    public String summary() {
        if (report == null) {
            return "unknown";
        }
        StepDrift drift = drift();
        String summary = switch (drift.status()) {
            case UP_TO_DATE -> "up to date";
            case PENDING -> commits(drift.pendingCount()) + " to promote";
            case DIVERGED -> commits(drift.pendingCount()) + " to promote; not auto-mergeable";
            case BEHIND -> "nothing to promote; hotfix awaiting back-merge";
            case UNDECIDED -> commits(drift.pendingCount()) + " to promote as GitHub counts them; " + step.target().name()
                    + "'s own commits not told apart";
        };
        return drift.promotedBySquash() > 0 ? summary + " · " + squashNote() : summary;
    }

    /** "6 already promoted by squash (#10)", or {@code null} when no squash promotion is involved. */
    public String squashNote() {
        StepDrift drift = drift();
        if (drift == null || drift.promotedBySquash() <= 0) {
            return null;
        }
        return drift.promotedBySquash() + " already promoted by squash (" + drift.lastSquashName() + ")";
    }

    /** The state in one or two words, beside its colour: up to date, pending, diverged, behind, not known. */
    public String state() {
        return report == null ? "not known" : switch (drift().status()) {
            case UP_TO_DATE -> "up to date";
            case PENDING -> "pending";
            case DIVERGED -> "diverged";
            case BEHIND -> "behind";
            case UNDECIDED -> "can't tell";
        };
    }

    /**
     * What the target holds that the source lacks, in a line beside the state: "1 hotfix only on
     * production", and what the read could not tell; {@code null} when it holds nothing.
     */
    public String targetNote() {
        if (report == null || (!drift().targetHoldsChanges() && drift().status() != DriftStatus.UNDECIDED)) {
            return null;
        }
        StepDrift drift = drift();
        String target = step.target().name();
        int hotfixes = drift.hotfixes().size();
        int within = drift.couldNotTellWithin();
        String listed = hotfixes + (hotfixes == 1 ? " hotfix" : " hotfixes") + " only on " + target;
        if (!drift.undecided().isEmpty()) {
            return (hotfixes > 0 ? listed + "; " : "") + commits(drift.undecided().size()) + " only on " + target
                    + ": could not tell within " + within + " pending commits whether promotions or hotfixes";
        }
        if (drift.targetHoldsChanges()) {
            return within == 0 ? listed
                    : (hotfixes > 0 ? listed + ", and" : "Changes only on " + target + ",") + " from before "
                            + drift.newestRead() + ": could not tell which within " + commits(within);
        }
        return within == 0 ? "A branch moved while GitHub was read: " + target + "'s own commits are told at the next read"
                : "Could not tell within " + within + " commits whether " + target + " holds changes " + step.source().name()
                        + " lacks";
    }

    /** Why the step is not a plain promotion, or {@code null}. */
    public String warning() {
        String note = targetNote();
        if (note == null) {
            return null;
        }
        int hotfixes = drift().hotfixes().size();
        return (hotfixes == 0 ? "" : "Hotfix on " + step.target().name() + " not in " + step.source().name() + ": "
                + step.target().name() + " has " + commits(hotfixes) + " " + step.source().name() + " lacks. ")
                + (hotfixes > 0 && drift().toldApart() ? "" : note + ".");
    }

    /** Whether the checks of what would be promoted are worth showing: only when something is to be promoted. */
    public boolean showsChecks() {
        return report != null && drift().hasPending();
    }

    /** GitHub's page of the source head, which lists its checks. */
    public String checksUrl() {
        return access.htmlUrl() + "/commit/" + drift().sourceSha();
    }

    /** The promotion pull request merged last into this step's target, or {@code null}. */
    public PullRequest lastPromotion() {
        return report == null ? null : report.lastPromotion();
    }

    public String mergeableText(PullRequest pullRequest) {
        return pullRequest.mergeableState() == null ? null
                : MERGEABLE_STATES.getOrDefault(pullRequest.mergeableState(), pullRequest.mergeableState());
    }

    public boolean canPromote() {
        return promoteBlocked() == null && promotion() == null;
    }

    public String promoteLabel() {
        return hasPromotion() ? "Promote " + commits(drift().pendingCount()) + " to " + target() : "Promote to " + target();
    }

    /** Whether there is something Promote could do, so that its button (enabled or not) is shown at all. */
    public boolean hasPromotion() {
        return report != null && drift().hasPending();
    }

    /**
     * Why Promote is disabled, or {@code null} when it is not (an open pull request shows instead of
     * the button). Without anything to promote there is no button: the state says why.
     */
    public String promoteBlocked() {
        if (!hasPromotion()) {
            return "Nothing to promote";
        }
        if (!access.push()) {
            return "You need write access to " + repository + " to promote";
        }
        if (step.target().requireGreenChecks() && !checks().isGreen()) {
            return target() + " requires green checks on " + step.source().name();
        }
        return null;
    }

    /**
     * A promotion that brings the target's own changes into conflict needs the user to say they
     * know; so does one into a target whose own commits could not be told apart.
     */
    public boolean needsConfirmation() {
        return report != null && drift().needsConfirmation();
    }

    public String confirmationText() {
        List<Commit> hotfixes = drift().hotfixes();
        if (hotfixes.isEmpty() || !drift().toldApart()) {
            return "Not auto-mergeable: " + targetNote() + ". Promote anyway.";
        }
        StringBuilder text = new StringBuilder("Not auto-mergeable: ").append(target()).append(" has ")
                .append(commits(hotfixes.size())).append(' ').append(step.source().name()).append(" lacks (");
        for (int i = 0; i < Math.min(3, hotfixes.size()); i++) {
            text.append(i == 0 ? "" : ", ").append(hotfixes.get(i).shortSha()).append(' ').append(hotfixes.get(i).headline());
        }
        return text.append(hotfixes.size() > 3 ? " and " + (hotfixes.size() - 3) + " more" : "").append("). Promote anyway.")
                .toString();
    }

    /** The confirmation dialog's account of what the target holds that the source lacks. */
    public String confirmationLead() {
        int hotfixes = drift().hotfixes().size();
        return (hotfixes > 0 && drift().toldApart() ? target() + " has " + commits(hotfixes) + " that " + step.source().name()
                + " lacks, so GitHub cannot" : targetNote() + ", so GitHub may not")
                + " merge the pull request by itself: someone resolves the conflicts in it.";
    }

    /** The target-only commits the confirmation of a diverged promotion lists; the rest are counted. */
    public List<Commit> hotfixesToConfirm() {
        List<Commit> hotfixes = hotfixes();
        return hotfixes.subList(0, Math.min(CONFIRM_LISTED, hotfixes.size()));
    }

    public int hotfixesNotListed() {
        return hotfixes().size() - hotfixesToConfirm().size();
    }

    /**
     * The id stem of this step's elements, unique on a page that shows several repositories: owners
     * never hold "--", so {@code acme--payments--staging} reads back one way only.
     */
    public String domId() {
        return repository.replace("/", "--") + "--" + target();
    }

    public boolean canBackMerge() {
        return targetHoldsChanges() && access.push() && backMerge() == null;
    }

    private static String commits(int count) {
        return count + (count == 1 ? " commit" : " commits");
    }
}
