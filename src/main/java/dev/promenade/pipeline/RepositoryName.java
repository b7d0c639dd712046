package dev.promenade.pipeline;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A GitHub repository as {@code owner/name}. GitHub treats both parts case-insensitively. */
public record RepositoryName(String owner, String name) {

    // GitHub's rules: owners are alphanumerics and inner hyphens; repository names add '.' and '_'.
    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})");

    public static Optional<RepositoryName> parse(String fullName) {
        if (fullName == null) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(fullName.trim());
        if (!matcher.matches() || matcher.group(2).equals(".") || matcher.group(2).equals("..")) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryName(matcher.group(1), matcher.group(2)));
    }

    public String fullName() {
        return owner + "/" + name;
    }

    public boolean sameAs(RepositoryName other) {
        return fullName().toLowerCase(Locale.ROOT).equals(other.fullName().toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return fullName();
    }
}
