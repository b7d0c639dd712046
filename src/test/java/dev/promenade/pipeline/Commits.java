package dev.promenade.pipeline;

import java.time.Instant;
import java.util.List;

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

    /** A commit with its content ({@code tree}) and parents, as the reads that recognise squash promotions give them. */
    static synchronized Commit withTree(String message, String tree, Commit... parents) {
        String sha = String.format("%040x", ++counter);
        return new Commit(sha, message, "alice", "Alice", null, Instant.parse("2026-01-01T00:00:00Z"),
                "https://github.example.com/acme/app/commit/" + sha, Math.max(1, parents.length), tree,
                java.util.Arrays.stream(parents).map(Commit::sha).toList());
    }

    private static synchronized Commit withParents(String message, int parents) {
        String sha = String.format("%040x", ++counter);
        return new Commit(sha, message, "alice", "Alice", null, Instant.parse("2026-01-01T00:00:00Z"),
                "https://github.example.com/acme/app/commit/" + sha, parents, null, List.of());
    }
}
