package dev.promenade.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.Freshness;
import io.quarkus.runtime.Startup;

public class CatalogProducer {

    /** Built at start-up so that bad configuration stops the application before it serves anything. */
    @Produces
    @Singleton
    @Startup
    Catalog catalog(PromenadeConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        return Configuration.catalog(config, port);
    }

    @Produces
    @Singleton
    Freshness freshness(PromenadeConfig config) {
        return new Freshness(config.refreshAfter());
    }
}
