package dev.promenade.pipeline;

import java.time.Instant;

/** Commits for domain tests. */
final class Commits {

    private static int counter;

    private Commits() {
    }

    static Commit commit(String message) {
        return withParents(message, 1);
    }

    static Commit merge(String message) {
        return withParents(message, 2);
    }

    private static synchronized Commit withParents(String message, int parents) {
        String sha = String.format("%040x", ++counter);
        return new Commit(sha, message, "alice", "Alice", null, Instant.parse("2026-01-01T00:00:00Z"),
                "https://github.example.com/acme/app/commit/" + sha, parents);
    }
}
