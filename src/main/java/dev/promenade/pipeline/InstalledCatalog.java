package dev.promenade.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which installed repositories a GitHub App shows, with which chain. A repository that declares
 * its own chain (its chain file) shows with it, or with what is wrong with it; one without shows
 * when it has every branch of the default chain. When repositories are configured, only those show,
 * in their order, a chain configured for one winning over its file.
 */
public final class InstalledCatalog {

    private InstalledCatalog() {
    }

    public static Catalog of(List<InstalledRepository> installed, Catalog configured) {
        List<Environment> defaultChain = configured.defaultChain();
        List<Pipeline> pipelines = new ArrayList<>();
        List<Catalog.Misconfigured> misconfigured = new ArrayList<>();
        if (configured.pipelines().isEmpty()) {
            installed.stream().sorted(Comparator.comparing(repository -> key(repository.repository()))).forEach(repository -> {
                if (repository.chainFile() != null) {
                    declared(repository, pipelines, misconfigured);
                } else if (repository.branches().containsAll(defaultChain.stream().map(Environment::branch).toList())) {
                    pipelines.add(new Pipeline(repository.repository(), defaultChain));
                }
            });
            return new Catalog(pipelines, defaultChain, misconfigured);
        }
        Map<String, InstalledRepository> byName = new HashMap<>();
        installed.forEach(repository -> byName.put(key(repository.repository()), repository));
        for (Pipeline wanted : configured.pipelines()) {
            InstalledRepository repository = byName.get(key(wanted.repository()));
            if (repository == null) {
                continue;
            }
            if (!wanted.environments().equals(defaultChain) || repository.chainFile() == null) {
                pipelines.add(new Pipeline(repository.repository(), wanted.environments()));
            } else {
                declared(repository, pipelines, misconfigured);
            }
        }
        return new Catalog(pipelines, defaultChain, misconfigured);
    }

    private static void declared(InstalledRepository repository, List<Pipeline> pipelines, List<Catalog.Misconfigured> misconfigured) {
        ChainFile.Parsed parsed = ChainFile.parse(repository.chainFile(), repository.chainFileTruncated());
        if (parsed.problems().isEmpty()) {
            pipelines.add(new Pipeline(repository.repository(), parsed.chain()));
        } else {
            misconfigured.add(new Catalog.Misconfigured(repository.repository(), parsed.problems()));
        }
    }

    private static String key(RepositoryName repository) {
        return repository.fullName().toLowerCase(Locale.ROOT);
    }
}
