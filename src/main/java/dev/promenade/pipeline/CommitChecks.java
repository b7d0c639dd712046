package dev.promenade.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What CI says about each commit of a listed page, kept the way snapshots are: a page waits for
 * GitHub only for commits never read (one GraphQL request per page of commits); what is older
 * than the refresh interval is shown at once and read again in the background.
 */
@ApplicationScoped
public class CommitChecks {

    /** What was read of a commit, and when. */
    private record Known(Checks checks, Instant readAt) {
    }

    private final PipelineReader reader;
    private final Clock clock;
    private final Duration refreshAfter;
    private final Cache<String, Known> known;

    @Inject
    public CommitChecks(PipelineReader reader, Freshness freshness, Clock clock) {
        this.reader = reader;
        this.clock = clock;
        this.refreshAfter = freshness.refreshAfter();
        this.known = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(1)).build();
    }

    /**
     * The checks of {@code commits}, by SHA; a commit GitHub did not answer for is missing, and when
     * GitHub fails the list simply shows no CI for the commits never read (never fails the page).
     */
    public CompletionStage<Map<String, Checks>> of(Viewer viewer, RepositoryName repository, List<Commit> commits) {
        Map<String, Checks> found = new HashMap<>();
        Instant stale = clock.instant().minus(refreshAfter);
        List<String> shas = commits.stream().map(Commit::sha).distinct().limit(CommitLists.PAGE_SIZE).toList();
        boolean unknown = false;
        boolean old = false;
        for (String sha : shas) {
            Known checks = known.getIfPresent(key(repository, sha));
            if (checks == null) {
                unknown = true;
            } else {
                found.put(sha, checks.checks());
                old |= checks.readAt().isBefore(stale);
            }
        }
        if (!unknown && !old) {
            return CompletableFuture.completedFuture(found);
        }
        if (!unknown) {
            // Claimed for this read: pages shown meanwhile do not ask GitHub again.
            Instant now = clock.instant();
            found.forEach((sha, checks) -> known.put(key(repository, sha), new Known(checks, now)));
        }
        CompletionStage<Map<String, Checks>> read = reader.checks(repository, shas, viewer).handle((answers, failure) -> {
            if (answers != null) {
                Instant now = clock.instant();
                answers.forEach((sha, checks) -> known.put(key(repository, sha), new Known(checks, now)));
                found.putAll(answers);
            }
            return found;
        });
        // Only commits never read are waited for; the others are shown as last read while GitHub is asked again.
        return unknown ? read : CompletableFuture.completedFuture(Map.copyOf(found));
    }

    private static String key(RepositoryName repository, String sha) {
        return repository.fullName().toLowerCase(Locale.ROOT) + "@" + sha;
    }
}
