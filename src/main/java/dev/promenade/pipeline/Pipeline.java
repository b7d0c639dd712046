package dev.promenade.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A repository's environments in promotion order. */
public record Pipeline(RepositoryName repository, List<Environment> environments) {

    public Pipeline {
        environments = List.copyOf(environments);
    }

    /** Pipelines key every page's lookups: hashed by repository alone, which is cheap and tells them apart. */
    @Override
    public int hashCode() {
        return repository.owner().hashCode() * 31 + repository.name().hashCode();
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof Pipeline pipeline && pipeline.repository.equals(repository)
                && pipeline.environments.equals(environments);
    }

    public List<PromotionStep> steps() {
        List<PromotionStep> steps = new ArrayList<>();
        for (int i = 1; i < environments.size(); i++) {
            steps.add(new PromotionStep(environments.get(i - 1), environments.get(i)));
        }
        return steps;
    }

    /** The step that promotes into {@code target}; empty for the first environment or an unknown name. */
    public Optional<PromotionStep> stepInto(String target) {
        return steps().stream().filter(step -> step.target().name().equals(target)).findFirst();
    }
}
