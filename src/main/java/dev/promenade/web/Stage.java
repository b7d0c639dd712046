package dev.promenade.web;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Environment;

/**
 * One environment of a pipeline card, with the step that promotes into it.
 *
 * @param head {@code null} when unknown
 * @param into {@code null} for the first environment
 */
public record Stage(Environment environment, Commit head, StepView into) {

    public String sha() {
        return head == null ? "" : head.sha();
    }
}
