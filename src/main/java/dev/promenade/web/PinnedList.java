package dev.promenade.web;

import dev.promenade.auth.ReadableRepository;
import dev.promenade.pipeline.Comparison;

/** The commits between two fixed SHAs: what a pinned shared link shows, however the branches move. */
public record PinnedList(ReadableRepository repository, String baseSha, String headSha, Comparison comparison,
        String link) {

    public String name() {
        return repository.pipeline().repository().fullName();
    }

    public String path() {
        return "/repos/" + name();
    }

    public String htmlUrl() {
        return repository.access().htmlUrl();
    }
}
