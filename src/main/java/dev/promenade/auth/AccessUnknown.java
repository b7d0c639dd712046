package dev.promenade.auth;

/**
 * GitHub cannot be asked whether the user may read a repository, and what it last said is older
 * than {@code promenade.github.outage-grace} (or it never said): nothing about the repository is
 * shown until it answers again.
 */
public class AccessUnknown extends RuntimeException {

    public AccessUnknown(String message) {
        super(message);
    }
}
