package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;

/** Every environment head and every step of one repository, read together. */
public record PipelineStatus(Pipeline pipeline, List<EnvironmentHead> heads, List<StepReport> steps) {

    public PipelineStatus {
        heads = List.copyOf(heads);
        steps = List.copyOf(steps);
    }

    public Optional<StepReport> stepInto(String target) {
        return steps.stream().filter(step -> step.step().target().name().equals(target)).findFirst();
    }

    public EnvironmentHead head(Environment environment) {
        return heads.stream().filter(head -> head.environment().equals(environment)).findFirst().orElseThrow();
    }

    /** The same status with one step replaced. */
    public PipelineStatus withStep(StepReport changed) {
        return new PipelineStatus(pipeline, heads, steps.stream()
                .map(step -> step.step().equals(changed.step()) ? changed : step).toList());
    }
}
