package dev.promenade.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.context.ApplicationScoped;

public class ClockProducer {

    /** Normal-scoped, so tests can replace it with a clock they move. */
    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
