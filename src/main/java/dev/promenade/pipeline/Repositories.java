package dev.promenade.pipeline;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The repositories on the dashboard now: those configured (OAuth App mode), or those the GitHub App
 * is installed on, which change while Promenade runs (an installation gains or loses a repository,
 * a chain file changes).
 */
public class Repositories {

    private volatile Catalog catalog;
    private final List<BiConsumer<Catalog, Catalog>> listeners = new CopyOnWriteArrayList<>();

    public Repositories(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    public List<Pipeline> pipelines() {
        return catalog.pipelines();
    }

    public Optional<Pipeline> find(RepositoryName repository) {
        return catalog.find(repository);
    }

    /** Shows {@code next} from now on; listeners hear of it (before, after) when it differs. */
    public void replace(Catalog next) {
        Catalog before;
        synchronized (this) {
            before = catalog;
            catalog = next;
        }
        if (!before.equals(next)) {
            listeners.forEach(listener -> listener.accept(before, next));
        }
    }

    /** Calls {@code listener} with the catalog before and after each change. */
    public void onChange(BiConsumer<Catalog, Catalog> listener) {
        listeners.add(listener);
    }
}
