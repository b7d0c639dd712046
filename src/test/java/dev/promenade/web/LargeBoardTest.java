package dev.promenade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.Page;
import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An organisation's board: hundreds of repositories sorted and filtered together, a hundred rows a
 * page, the page in the address with the sort and filter, and the page's stream sending its rows only.
 */
@QuarkusTest
@TestProfile(LargeBoardTest.ManyRepositories.class)
class LargeBoardTest {

    /** The six of the test configuration, and these. */
    static final int GENERATED = 224;

    public static class ManyRepositories implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            for (int i = 0; i < GENERATED; i++) {
                config.put("promenade.repositories[" + (6 + i) + "].name", String.format("acme/service-%03d", i));
            }
            config.put("promenade.page-deadline", "PT20S");
            return config;
        }
    }

    @Test
    void aHundredRowsAPageTheRestOnTheNextPagesWithSortAndFilterKept() {
        SignIn alice = SignIn.as("alice");

        Page first = Page.of(alice.request().get("/?sort=name"), 200);

        assertEquals(100, first.all("section.repository").size());
        assertEquals("Repositories 1–100 of 230 · page 1 of 3", first.one("#board-pages .range").text().replace("  ", " "));
        assertEquals("/?sort=name&page=2", first.one("#board-pages a[rel=next]").attr("href"));
        assertEquals("acme/billing", first.all("section.repository").first().attr("data-repo"), "sorted over all pages");

        Page last = Page.of(alice.request().get("/?sort=name&page=3"), 200);
        assertEquals(30, last.all("section.repository").size());
        assertEquals("/?sort=name&page=2", last.one("#board-pages a[rel=prev]").attr("href"));
        assertTrue(last.all("#board-pages a[rel=next]").isEmpty());
        assertEquals(30, Page.of(alice.request().get("/?sort=name&page=99"), 200).all("section.repository").size(),
                "past the last page: the last");
        alice.request().get("/?page=two").then().statusCode(400);

        Page filtered = Page.of(alice.request().get("/?sort=name&q=service-1"), 200);
        assertEquals("100", filtered.one("#board-shown").attr("data-shown"), "service-100 … service-199");
        assertTrue(filtered.all("#board-pages").isEmpty(), "one page");
    }

    @Test
    void aPagesStreamSendsItsOwnRowsAndTheSummaryOfAll() {
        SignIn alice = SignIn.as("alice");
        Page second = Page.of(alice.request().get("/?sort=name&page=2"), 200);
        Set<String> rows = second.all("section.repository").stream().map(row -> "fresh-" + row.attr("id")).collect(Collectors.toSet());
        assertEquals(100, rows.size());
        assertTrue(second.live().contains("page=2") && second.live().contains("sort=name"), second.live());

        try (EventStream events = EventStream.open(alice, second.live())) {
            List<EventStream.Event> sent = events.drain(Duration.ofMillis(1500));
            Set<String> fresh = sent.stream().map(EventStream.Event::name).filter(name -> name.startsWith("fresh-"))
                    .collect(Collectors.toSet());
            assertEquals(rows, fresh, "the freshness of its own hundred rows, not of all 230");
        }
    }
}
