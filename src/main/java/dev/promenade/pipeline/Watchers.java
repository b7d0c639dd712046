package dev.promenade.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who is looking at a pipeline right now (an open page), whose token may read it again. */
public interface Watchers {

    /** The users whose open pages show the pipeline; they may read its repository. */
    List<Viewer> of(Pipeline pipeline);

    /** Every user with an open page, and the pipelines their pages show. */
    Map<Viewer, Set<Pipeline>> watching();
}
