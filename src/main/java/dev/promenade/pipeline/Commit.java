package dev.promenade.pipeline;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A commit as the dashboard shows it.
 *
 * @param authorLogin the GitHub account of the author, {@code null} when the e-mail matches no account
 * @param avatarUrl   the account's avatar, {@code null} without an account
 */
public record Commit(String sha, String message, String authorLogin, String authorName, String avatarUrl,
        Instant date, String htmlUrl, int parentCount) {

    public String shortSha() {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    public String headline() {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
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
