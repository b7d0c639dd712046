package dev.promenade.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A commit as the dashboard shows it.
 *
 * @param authorLogin the GitHub account of the author, {@code null} when the e-mail matches no account
 * @param avatarUrl   the account's avatar, {@code null} without an account
 * @param date        when it was authored (what people read as the commit's date; a rebase keeps it)
 * @param committedAt when it was committed, {@code null} when not read: when it reached the branch it was
 *                    made on, so what bounds a look back in time and how long a commit has waited
 * @param treeOid     the commit's tree (its content), {@code null} when not read
 * @param parentShas  its parents, when read (empty otherwise)
 */
public record Commit(String sha, String message, String authorLogin, String authorName, String avatarUrl,
        Instant date, Instant committedAt, String htmlUrl, int parentCount, String treeOid, List<String> parentShas) {

    public Commit {
        parentShas = parentShas == null ? List.of() : List.copyOf(parentShas);
    }

    private static final Pattern MERGE = Pattern.compile("Merge pull request #\\d+ from \\S+");

    public String shortSha() {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    public String headline() {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /**
     * What a person reads as the commit's title: a pull request's merge commit ("Merge pull request
     * #15 from acme/feature") by the pull request's title GitHub puts under it, and a squash commit
     * without the "(#15)" its pull request link shows anyway.
     */
    public String title() {
        String headline = headline();
        if (MERGE.matcher(headline).matches()) {
            String rest = message.substring(message.indexOf('\n') + 1).strip();
            if (!rest.isEmpty()) {
                int end = rest.indexOf('\n');
                return (end < 0 ? rest : rest.substring(0, end)).strip();
            }
        }
        int number = pullRequest();
        String suffix = "(#" + number + ")";
        return number > 0 && headline.endsWith(suffix) ? headline.substring(0, headline.length() - suffix.length()).strip()
                : headline;
    }

    /** When it was committed, or authored when that is all that was read. */
    public Instant committedOrAuthored() {
        return committedAt != null ? committedAt : date;
    }

    public String author() {
        return authorLogin != null ? authorLogin : authorName;
    }

    public boolean isMerge() {
        return parentCount > 1;
    }

    /** The pull request the message refers to, or 0. */
    public int pullRequest() {
        OptionalInt number = PullRequestReference.in(message);
        return number.orElse(0);
    }
}
