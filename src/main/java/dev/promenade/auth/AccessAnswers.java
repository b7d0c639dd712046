package dev.promenade.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;

/**
 * GitHub's answers for one user, by repository: empty when they may not read it.
 *
 * @param checkedAt when GitHub last answered; a repository it did not answer for keeps its older answer
 */
public record AccessAnswers(Map<RepositoryName, Optional<RepositoryAccess>> access, Instant checkedAt) {

    public AccessAnswers {
        access = Map.copyOf(access);
    }
}
