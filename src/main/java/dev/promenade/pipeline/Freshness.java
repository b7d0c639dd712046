package dev.promenade.pipeline;

import java.time.Duration;

/**
 * How long a snapshot read from GitHub is shown as it is before it is read again in the
 * background (see {@code promenade.refresh-after}).
 */
public record Freshness(Duration refreshAfter) {
}
