package dev.promenade.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** Snapshots in this instance's memory ({@code promenade.store=memory}): one instance, nobody else to tell. */
public class MemorySnapshotStore implements SnapshotStore {

    private final Map<Pipeline, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    @Override
    public Entry get(Pipeline pipeline) {
        return entries.getOrDefault(pipeline, Entry.NONE);
    }

    @Override
    public long version() {
        return sequence.get();
    }

    @Override
    public CompletionStage<Update> update(Pipeline pipeline, Function<Entry, Update> change) {
        Update[] applied = new Update[1];
        entries.compute(pipeline, (same, known) -> {
            Update update = change.apply(known == null ? Entry.NONE : known);
            Entry entry = update.entry();
            if (update.change() != Snapshots.Change.FRESHNESS) {
                entry = entry.withVersion(sequence.incrementAndGet());
            }
            applied[0] = new Update(entry, update.change());
            return entry;
        });
        return CompletableFuture.completedFuture(applied[0]);
    }

    @Override
    public CompletionStage<Boolean> claim(Pipeline pipeline, Duration ttl) {
        // Snapshots claims for this instance before it asks: there is no other.
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public void release(Pipeline pipeline) {
    }

    @Override
    public void onRemoteChange(RemoteChanges listener) {
    }

    @Override
    public void clear() {
        entries.clear();
    }
}
