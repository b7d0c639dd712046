package dev.promenade.sandbox;

import java.time.Instant;

/** A sandbox pull request. Mutable, guarded by its repository's lock. */
final class SandboxPull {

    public final int number;
    public final String title;
    public final String body;
    public final String author;
    public final String base;
    public final String head;
    public final Instant createdAt;
    public String state = "open";
    public Instant closedAt;
    public Instant mergedAt;
    public String mergedBy;
    public String mergeCommitSha;
    /** The head commit when the pull request was opened or merged: GitHub freezes it at merge. */
    public String headSha;
    public String baseSha;

    SandboxPull(int number, String title, String body, String author, String base, String head, Instant createdAt) {
        this.number = number;
        this.title = title;
        this.body = body;
        this.author = author;
        this.base = base;
        this.head = head;
        this.createdAt = createdAt;
    }

    /** When it last changed, as far as the sandbox tracks changes. */
    Instant updatedAt() {
        return mergedAt != null ? mergedAt : closedAt != null ? closedAt : createdAt;
    }

    boolean isOpen() {
        return "open".equals(state);
    }
}
