package dev.promenade.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.PromotionStep;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.pipeline.StepDrift;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Drift as Prometheus sees it (at {@code /q/metrics}), from the shared snapshots: what waits to
 * enter each environment and for how long, and how old each repository's snapshot is. Nothing
 * here asks GitHub: a repository not read yet has no value. Repositories that leave the dashboard
 * (a GitHub App uninstalled from them) take their gauges with them.
 */
@Singleton
public class DriftGauges {

    @Inject
    MeterRegistry registry;

    @Inject
    Snapshots snapshots;

    @Inject
    Repositories repositories;

    @Inject
    Clock clock;

    /** The gauges of each pipeline shown. */
    private final Map<Pipeline, List<Meter>> gauges = new ConcurrentHashMap<>();

    void register(@Observes StartupEvent started) {
        repositories.onChange((before, after) -> show(after));
        show(repositories.catalog());
    }

    private synchronized void show(Catalog catalog) {
        Set<Pipeline> shown = new HashSet<>(catalog.pipelines());
        gauges.keySet().stream().filter(pipeline -> !shown.contains(pipeline)).toList()
                .forEach(gone -> gauges.remove(gone).forEach(registry::remove));
        catalog.pipelines().forEach(pipeline -> gauges.computeIfAbsent(pipeline, this::gaugesOf));
    }

    private List<Meter> gaugesOf(Pipeline pipeline) {
        String repository = pipeline.repository().fullName();
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("promenade.snapshot.age.seconds", pipeline, this::age).tag("repository", repository)
                .description("How old the repository's snapshot is").register(registry));
        for (PromotionStep step : pipeline.steps()) {
            String environment = step.target().name();
            meters.add(Gauge.builder("promenade.pending.commits", pipeline, p -> drift(p, environment)
                    .map(drift -> (double) drift.pendingCount()).orElse(Double.NaN))
                    .tags("repository", repository, "environment", environment)
                    .description("Commits waiting to be promoted into the environment").register(registry));
            meters.add(Gauge.builder("promenade.oldest.pending.seconds", pipeline, p -> drift(p, environment)
                    .map(this::oldest).orElse(Double.NaN))
                    .tags("repository", repository, "environment", environment)
                    .description("How long the oldest commit waiting to enter the environment has waited").register(registry));
        }
        return meters;
    }

    private double age(Pipeline pipeline) {
        Observed<PipelineStatus> observed = snapshots.snapshot(pipeline);
        return observed.asOf() == null ? Double.NaN : Duration.between(observed.asOf(), clock.instant()).toSeconds();
    }

    private Optional<StepDrift> drift(Pipeline pipeline, String environment) {
        PipelineStatus status = snapshots.snapshot(pipeline).value();
        return status == null ? Optional.empty() : status.stepInto(environment).map(report -> report.drift());
    }

    private double oldest(StepDrift drift) {
        Instant oldest = drift.oldestPending();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }
}
