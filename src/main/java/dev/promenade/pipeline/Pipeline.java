package dev.promenade.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A repository's environments in promotion order. */
public record Pipeline(RepositoryName repository, List<Environment> environments) {

    public Pipeline {
        environments = List.copyOf(environments);
    }

    public List<PromotionStep> steps() {
        List<PromotionStep> steps = new ArrayList<>();
        for (int i = 1; i < environments.size(); i++) {
            steps.add(new PromotionStep(environments.get(i - 1), environments.get(i)));
        }
        return steps;
    }

    /**
     * What a snapshot of this pipeline is kept under: the repository and its chain of branches, so
     * that everyone who may read the repository shares it.
     */
    public String key() {
        return repository.fullName().toLowerCase(Locale.ROOT) + " "
                + environments.stream().map(Environment::branch).collect(Collectors.joining(" → "));
    }

    /** The step that promotes into {@code target}; empty for the first environment or an unknown name. */
    public Optional<PromotionStep> stepInto(String target) {
        return steps().stream().filter(step -> step.target().name().equals(target)).findFirst();
    }
}
