package dev.promenade.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import dev.promenade.config.PromenadeConfig;

/** What the shared layout needs to know about this deployment: {@code {inject:layout.sandbox}}. */
@ApplicationScoped
@Named("layout")
public class Layout {

    @Inject
    PromenadeConfig config;

    public boolean sandbox() {
        return config.sandbox().enabled();
    }
}
