package dev.promenade.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Times as people read them, for templates: {@code {inject:ages.ago(commit.date)}}. */
@ApplicationScoped
@Named("ages")
public class Ages {

    static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    Clock clock;

    /** "3 hours ago". */
    public String ago(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration age = Duration.between(instant, clock.instant());
        return age.isNegative() ? "in " + span(age.negated()) : span(age) + " ago";
    }

    /** How long since, in a badge's few characters: "12 min", "5 h", "44 d". */
    public String brief(Instant instant) {
        if (instant == null) {
            return "";
        }
        long minutes = Math.max(0, Duration.between(instant, clock.instant()).toMinutes());
        if (minutes < 60) {
            return Math.max(1, minutes) + " min";
        }
        return minutes < 48 * 60 ? minutes / 60 + " h" : minutes / (24 * 60) + " d";
    }

    /** "in 12 minutes". */
    public String until(Instant instant) {
        if (instant == null) {
            return "";
        }
        Duration wait = Duration.between(clock.instant(), instant);
        return wait.isNegative() || wait.isZero() ? "now" : "in " + span(wait);
    }

    /** "2026-11-26 14:03 UTC". */
    public String at(Instant instant) {
        return instant == null ? "" : AT.format(instant);
    }

    /** For {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    static String span(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds <= 1 ? "1 second" : seconds + " seconds";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return plural(minutes, "minute");
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return plural(hours, "hour");
        }
        long days = hours / 24;
        if (days < 60) {
            return plural(days, "day");
        }
        return days < 730 ? plural(days / 30, "month") : plural(days / 365, "year");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
