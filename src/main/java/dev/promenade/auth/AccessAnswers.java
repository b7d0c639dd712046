package dev.promenade.auth;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;

/**
 * GitHub's answers for one user, by repository: empty when they may not read it.
 *
 * @param checkedAt  when GitHub last answered; a repository it did not answer for keeps its older answer
 * @param unanswered the repositories GitHub failed to answer for when last asked: asked again on a
 *                   later page, not trusted for the access-check TTL
 * @param askedAt    when GitHub was last asked, for all repositories or those it had not answered for
 */
public record AccessAnswers(Map<RepositoryName, Optional<RepositoryAccess>> access, Instant checkedAt,
        Set<RepositoryName> unanswered, Instant askedAt) {

    public AccessAnswers {
        access = Map.copyOf(access);
        unanswered = unanswered == null ? Set.of() : Set.copyOf(unanswered);
        askedAt = askedAt == null ? checkedAt : askedAt;
    }
}
