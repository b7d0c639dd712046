package dev.promenade.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.RepositoryName;

/** Configured repositories the demo has no story for get a generated one: trying Promenade at any size. */
class SandboxSeedTest {

    private static final List<Environment> CHAIN = List.of(new Environment("test", "master", null),
            new Environment("staging", "staging", null), new Environment("production", "production", null));
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void everyConfiguredRepositoryGetsAHistoryOfItsOwnTheSameEachTime() {
        SandboxWorld first = planted(24);
        SandboxWorld again = planted(24);

        List<Integer> pending = new ArrayList<>();
        int longBacklogs = 0;
        int manyPromotions = 0;
        for (int i = 1; i <= 24; i++) {
            String name = "acme/service-" + i;
            for (Environment environment : CHAIN) {
                assertEquals(first.headOf(name, environment.branch()), again.headOf(name, environment.branch()), name);
            }
            pending.add(first.log(name, "staging", "master").size());
            longBacklogs += first.log(name, "staging", "master").size() > 100 ? 1 : 0;
            manyPromotions += first.log(name, "staging", "production").size() > 100 ? 1 : 0;
        }
        assertTrue(pending.contains(0), "some are up to date: " + pending);
        assertTrue(pending.stream().anyMatch(count -> count > 0 && count < 10), "some have a few commits waiting: " + pending);
        assertTrue(longBacklogs > 0, "some wait with more than a GraphQL page");
        assertTrue(manyPromotions > 0, "some targets hold more promotion merges than a GraphQL page");
        assertTrue(first.headOf("acme/storefront", "master").isPresent(), "the demo's own repositories stay");
    }

    private static SandboxWorld planted(int count) {
        List<Pipeline> pipelines = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            pipelines.add(new Pipeline(new RepositoryName("acme", "service-" + i), CHAIN));
        }
        SandboxWorld world = new SandboxWorld();
        SandboxSeed.plant(world, NOW, new Catalog(pipelines, CHAIN));
        return world;
    }
}
