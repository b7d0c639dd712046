package dev.promenade.pipeline;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Commits for domain tests. */
final class Commits {

    static final Instant DAY = Instant.parse("2026-01-01T00:00:00Z");
    private static int counter;

    private Commits() {
    }

    static Commit commit(String message) {
        return withParents(message, 1);
    }

    static Commit merge(String message) {
        return withParents(message, 2);
    }

    /** A commit with its content ({@code tree}) and parents, as the reads that tell target commits apart give them. */
    static Commit withTree(String message, String tree, Commit... parents) {
        return made(message, tree, DAY, DAY, parents);
    }

    /** A commit authored at {@code authored} and committed at {@code committed}, with its content and parents. */
    static synchronized Commit made(String message, String tree, Instant authored, Instant committed, Commit... parents) {
        String sha = String.format("%040x", ++counter);
        return new Commit(sha, message, "alice", "Alice", null, authored, committed,
                "https://github.example.com/acme/app/commit/" + sha, Math.max(1, parents.length), tree,
                Arrays.stream(parents).map(Commit::sha).toList());
    }

    private static synchronized Commit withParents(String message, int parents) {
        String sha = String.format("%040x", ++counter);
        return new Commit(sha, message, "alice", "Alice", null, DAY, DAY, "https://github.example.com/acme/app/commit/" + sha,
                parents, null, List.of());
    }
}
