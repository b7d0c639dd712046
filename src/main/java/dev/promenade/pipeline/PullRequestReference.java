package dev.promenade.pipeline;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the pull request a commit message came from, in the forms GitHub writes when merging. */
public final class PullRequestReference {

    // "Merge pull request #12 from owner/branch" (merge commit) and "Headline (#34)" (squash merge).
    private static final Pattern MERGE = Pattern.compile("^Merge pull request #(\\d{1,9})\\b");
    private static final Pattern SQUASH = Pattern.compile("\\(#(\\d{1,9})\\)\\s*$");

    private PullRequestReference() {
    }

    public static OptionalInt in(String message) {
        if (message == null) {
            return OptionalInt.empty();
        }
        int end = message.indexOf('\n');
        String headline = (end < 0 ? message : message.substring(0, end)).strip();
        Matcher merge = MERGE.matcher(headline);
        if (merge.find()) {
            return OptionalInt.of(Integer.parseInt(merge.group(1)));
        }
        Matcher squash = SQUASH.matcher(headline);
        if (squash.find()) {
            return OptionalInt.of(Integer.parseInt(squash.group(1)));
        }
        return OptionalInt.empty();
    }
}
