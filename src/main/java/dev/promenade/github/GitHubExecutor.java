package dev.promenade.github;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.GitHubCalls;

public class GitHubExecutor {

    /**
     * Bounded so one page of many repositories cannot flood GitHub (and trip its secondary rate
     * limit). Tasks carry the request's context, so the REST client finds the signed-in user's token.
     */
    @Produces
    @GitHubCalls
    @ApplicationScoped
    ManagedExecutor executor(PromenadeConfig config) {
        return ManagedExecutor.builder()
                .maxAsync(config.github().maxConcurrentRequests())
                .maxQueued(-1)
                .propagated(ThreadContext.ALL_REMAINING)
                .build();
    }

    void close(@Disposes @GitHubCalls ManagedExecutor executor) {
        executor.shutdownNow();
    }
}
