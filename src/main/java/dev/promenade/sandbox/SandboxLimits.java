package dev.promenade.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.http.HttpServerResponse;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * GitHub's hourly budgets, per user and resource ({@code core} for REST requests, {@code graphql}
 * for GraphQL points), and counters of everything the sandbox served, for the benchmark.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
public class SandboxLimits {

    /** What every user may spend per hour, in requests (REST) or points (GraphQL), as on github.com. */
    static final int HOURLY = 5000;
    static final int INSTALLATION_MOST = 12_500;

    @Inject
    SandboxWorld world;

    @Inject
    Clock clock;

    private final Map<String, Long> used = new ConcurrentHashMap<>();
    private volatile Instant windowEnds = Instant.EPOCH;
    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong graphqlRequests = new AtomicLong();
    private final AtomicLong graphqlPoints = new AtomicLong();
    private static final int RECENT = 10_000;
    private final java.util.ArrayDeque<Served> recent = new java.util.ArrayDeque<>();

    /** Where a user (or the App's installation) stands in one resource after a request, of its hourly {@code limit}. */
    record Usage(String resource, long used, Instant resetAt, long limit) {
        long remaining() {
            return Math.max(0, limit - used);
        }

        /** The same budget, spent until {@code reset}. */
        Usage exhaustedUntil(Instant reset) {
            return new Usage(resource, limit, reset, limit);
        }

        boolean exceeded() {
            return used > limit;
        }

        /** GitHub's {@code x-ratelimit-*} headers. */
        void writeTo(HttpServerResponse response) {
            response.putHeader("X-RateLimit-Limit", String.valueOf(limit));
            response.putHeader("X-RateLimit-Remaining", String.valueOf(remaining()));
            response.putHeader("X-RateLimit-Used", String.valueOf(Math.min(used, limit)));
            response.putHeader("X-RateLimit-Reset", String.valueOf(resetAt.getEpochSecond()));
            response.putHeader("X-RateLimit-Resource", resource);
        }
    }

    /**
     * A user's 5,000 an hour; a GitHub App installation's grows with its repositories, as on
     * github.com: 5,000 and 50 more per repository over 20, 12,500 at most.
     */
    long limitOf(String login) {
        if (!DemoUser.APP.login().equals(login)) {
            return HOURLY;
        }
        return Math.min(INSTALLATION_MOST, HOURLY + 50L * Math.max(0, world.installedCount() - 20));
    }

    /** Charges a REST request to {@code login} ({@code anonymous} when unauthenticated). */
    Usage chargeRest(String login) {
        restRequests.incrementAndGet();
        return charge(login, "core", 1);
    }

    /** Charges a GraphQL query costing {@code points} to {@code login}. */
    Usage chargeGraphQL(String login, int points) {
        graphqlRequests.incrementAndGet();
        graphqlPoints.addAndGet(points);
        return charge(login, "graphql", points);
    }

    /** Spends some of a user's GraphQL budget, as their other tools would. */
    public void spendGraphQL(String login, int points) {
        charge(login, "graphql", points);
    }

    /** What a user has spent of a resource without charging anything. */
    Usage peek(String login, String resource) {
        rollWindow();
        return new Usage(resource, used.getOrDefault(login + " " + resource, 0L), windowEnds, limitOf(login));
    }

    /** One request the sandbox served, from its arrival to its answer (the added latency included), in epoch ms. */
    record Served(String api, long start, long end) {
    }

    /** Keeps a request's times for the benchmark, which finds the round trips a page waited for in them. */
    void served(String api, long start, long end) {
        synchronized (recent) {
            recent.addLast(new Served(api, start, end));
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
    }

    /** What was served since the start, and the requests answered after {@code since} (epoch ms), as {@code /sandbox/stats} says. */
    public Map<String, Object> stats(long since) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("restRequests", restRequests.get());
        stats.put("graphqlRequests", graphqlRequests.get());
        stats.put("graphqlPoints", graphqlPoints.get());
        synchronized (recent) {
            stats.put("requests", recent.stream().filter(request -> request.end() > since).toList());
        }
        return stats;
    }

    /** The counters alone. */
    public Map<String, Long> stats() {
        return Map.of("restRequests", restRequests.get(), "graphqlRequests", graphqlRequests.get(),
                "graphqlPoints", graphqlPoints.get());
    }

    private Usage charge(String login, String resource, int amount) {
        rollWindow();
        long total = used.merge(login + " " + resource, (long) amount, Long::sum);
        return new Usage(resource, total, windowEnds, limitOf(login));
    }

    /** Budgets last the clock hour, as GitHub's last an hour from their first use. */
    private synchronized void rollWindow() {
        Instant ends = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        if (!ends.equals(windowEnds)) {
            used.clear();
            windowEnds = ends;
        }
    }
}
