package dev.promenade.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Where pipelines' snapshots live ({@code promenade.store}): this instance's memory, or Redis,
 * shared by every replica. Reads come from this instance's copy at once; changes are applied
 * atomically where the snapshots live, and every other replica hears of them.
 */
public interface SnapshotStore {

    /**
     * A pipeline's snapshot as stored.
     *
     * @param announced   heads GitHub announced (webhooks) that no read has seen yet, by branch
     * @param announcedAt when GitHub last announced a change ({@code null}: never)
     * @param marks     how many times GitHub said the pipeline changed: a read during which this
     *                  grew may have missed the change
     * @param version   the number of its last change pages show (0: none), from one sequence for all pipelines
     */
    record Entry(Observed<PipelineStatus> observed, Map<String, String> announced, Instant announcedAt, long marks,
            long version) {

        public static final Entry NONE = new Entry(Observed.nothing(), Map.of(), null, 0, 0);

        public Entry {
            announced = Map.copyOf(announced);
        }

        /** Whether GitHub was ever asked, successfully or not. */
        public boolean isKnown() {
            return observed.attemptedAt() != null;
        }

        public Entry with(Observed<PipelineStatus> changed) {
            return new Entry(changed, announced, announcedAt, marks, version);
        }

        public Entry withVersion(long number) {
            return new Entry(observed, announced, announcedAt, marks, number);
        }
    }

    /** A change to apply, and what it means for open pages. */
    record Update(Entry entry, Snapshots.Change change) {
    }

    /** The pipeline's entry as this instance knows it ({@link Entry#NONE} when none). */
    Entry get(Pipeline pipeline);

    /** The number of the last change of any pipeline this instance knows of. */
    long version();

    /**
     * Applies {@code change} to the pipeline's current entry, atomically across replicas ({@code
     * change} may be applied again to a newer entry), and tells the other replicas. A change
     * {@link Snapshots.Change#CONTENT pages show} or one made {@link Snapshots.Change#QUIET quietly}
     * gets the next version number.
     *
     * @return the update as stored
     */
    CompletionStage<Update> update(Pipeline pipeline, Function<Entry, Update> change);

    /**
     * Claims reading the pipeline for {@code ttl}: at most one replica reads a pipeline at a time.
     *
     * @return whether this instance got it
     */
    CompletionStage<Boolean> claim(Pipeline pipeline, Duration ttl);

    /** Gives a claim back once the read is stored. */
    void release(Pipeline pipeline);

    /** Calls {@code listener} with each change another replica made, once this instance's copy has it. */
    void onRemoteChange(RemoteChanges listener);

    /** Hears of changes other replicas made. */
    @FunctionalInterface
    interface RemoteChanges {
        /** @param before the entry this instance knew until now */
        void changed(Pipeline pipeline, Entry before, Update update);
    }

    /** Forgets every snapshot. */
    void clear();
}
