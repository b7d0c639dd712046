package dev.promenade.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestQuery;

import dev.promenade.auth.Seals;

/**
 * The result of a promotion posted without JavaScript, carried by the redirect back to the page in
 * {@code ?notice=}: sealed (see {@link Seals}) for the user who posted it and for five minutes, so
 * a crafted or shared link shows nothing.
 */
public class NoticeQuery {

    static final String PURPOSE = "notice";
    static final Duration VALID = Duration.ofMinutes(5);
    /** GitHub's words in a notice are cut there: a notice is a sentence, not a report. */
    private static final int MAX_TEXT = 500;

    @RestQuery
    String notice;

    /** The query parameter telling {@code login} what came of their action on {@code step} of {@code repository}. */
    static String of(Seals seals, Clock clock, String login, String repository, String step, PromotionNotice shown) {
        String text = shown.text().replaceAll("[\\r\\n]+", " ");
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT - 1) + "…";
        }
        String message = String.join("\n", login, String.valueOf(clock.instant().plus(VALID).getEpochSecond()), repository,
                step, String.valueOf(shown.succeeded()), text);
        return "notice=" + seals.seal(PURPOSE, message);
    }

    /** The notice for the step it names in {@code repository}, if it was sealed for {@code login} and is recent. */
    RepositoryCard.StepNotice notice(String repository, String login, Seals seals, Clock clock) {
        Optional<String> opened = seals.open(PURPOSE, notice);
        if (opened.isEmpty()) {
            return null;
        }
        String[] parts = opened.get().split("\n", 6);
        if (parts.length != 6 || !parts[0].equals(login) || !parts[2].equalsIgnoreCase(repository)
                || clock.instant().getEpochSecond() > Long.parseLong(parts[1])) {
            return null;
        }
        return new RepositoryCard.StepNotice(parts[3], new PromotionNotice(parts[5], Boolean.parseBoolean(parts[4])));
    }
}
