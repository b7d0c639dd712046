package dev.promenade.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.promenade.pipeline.Catalog;
import io.quarkus.runtime.Startup;

public class CatalogProducer {

    /** Built at start-up so that bad configuration stops the application before it serves anything. */
    @Produces
    @Singleton
    @Startup
    Catalog catalog(PromenadeConfig config) {
        return Configuration.catalog(config);
    }
}
