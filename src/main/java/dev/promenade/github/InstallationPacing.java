package dev.promenade.github;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * Keeps a GitHub App installation's own reads (start-up, webhooks, nobody waiting) under GitHub's
 * secondary rate limits: at most {@link #POINTS_PER_MINUTE} secondary points in any minute (GitHub
 * allows 2,000 on its GraphQL endpoint, a query without mutations costing 1: half is left to what
 * else runs) and {@link #IN_FLIGHT} queries at once (GitHub allows 100 across REST and GraphQL). The
 * hourly (primary) budget is {@code RateBudgets}'. A query waits its turn; what a person's page
 * waits for is read with their own token and never waits here.
 */
@ApplicationScoped
public class InstallationPacing {

    static final int POINTS_PER_MINUTE = 1_000;
    static final int IN_FLIGHT = 4;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** How soon a query kept waiting for a free place looks again. */
    private static final Duration LOOK_AGAIN = Duration.ofMillis(50);

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** The points one installation spent in the last minute, and its queries in flight. */
    static final class Window {
        /** Per query answered: when (System.nanoTime) and its cost. */
        private final Deque<long[]> spent = new ArrayDeque<>();
        private long points;
        private int inFlight;

        /** Nanoseconds until a query may go, 0 when it may now (it is then counted in flight). */
        synchronized long admit(long now) {
            while (!spent.isEmpty() && now - spent.peekFirst()[0] >= WINDOW.toNanos()) {
                points -= spent.removeFirst()[1];
            }
            if (points >= POINTS_PER_MINUTE) {
                return Math.max(1, spent.peekFirst()[0] + WINDOW.toNanos() - now);
            }
            if (inFlight >= IN_FLIGHT) {
                return LOOK_AGAIN.toNanos();
            }
            inFlight++;
            return 0;
        }

        synchronized void answered(long now, int cost) {
            inFlight--;
            spent.addLast(new long[] {now, cost});
            points += cost;
        }
    }

    /** Whether the viewer is an installation (whose reads are paced) rather than a person. */
    static boolean isInstallation(String login) {
        return login.startsWith(AppInstallations.LOGIN_PREFIX) && login.endsWith("[bot]");
    }

    /** Completes when the installation may send a query (asked when subscribed to); {@link #answered} must follow. */
    Uni<Void> admit(String login) {
        return Uni.createFrom().deferred(() -> admitNow(login));
    }

    private Uni<Void> admitNow(String login) {
        Window window = windows.computeIfAbsent(login, any -> new Window());
        long wait = window.admit(System.nanoTime());
        if (wait == 0) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().voidItem().onItem().delayIt().by(delay(wait)).chain(() -> admitNow(login));
    }

    /** A wait as timers take it: whole milliseconds, at least one (Vert.x refuses less). */
    static Duration delay(long nanos) {
        return Duration.ofMillis(Math.max(1, (nanos + 999_999) / 1_000_000));
    }

    /** A query of the installation was answered (or failed): one secondary point spent. */
    void answered(String login) {
        Window window = windows.get(login);
        if (window != null) {
            window.answered(System.nanoTime(), 1);
        }
    }
}
