package dev.promenade.pipeline;

/** Two adjacent environments: changes move from {@code source} into {@code target}. */
public record PromotionStep(Environment source, Environment target) {
}
