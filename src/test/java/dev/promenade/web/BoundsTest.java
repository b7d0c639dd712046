package dev.promenade.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.promenade.EventStream;
import dev.promenade.Page;
import dev.promenade.SignIn;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Nothing one signed-in person asks for holds the server without bound. */
@QuarkusTest
class BoundsTest {

    @Test
    void aPersonHasAtMostFiftyPagesUpdatingThemselvesAtOnce() {
        SignIn bob = SignIn.as("bob");
        String live = Page.of(bob.request().get("/"), 200).live();
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < EventsResource.MAX_OPEN_PAGES; i++) {
                open.add(EventStream.open(bob, live));
            }
            Response refused = bob.request().header("Accept", "text/event-stream").get(live);
            assertEquals(429, refused.statusCode());
            assertTrue(refused.body().asString().contains("50 Promenade pages updating themselves already"));

            SignIn alice = SignIn.as("alice");
            EventStream.open(alice, Page.of(alice.request().get("/"), 200).live()).close();

            open.remove(0).close();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> open.add(EventStream.open(bob, live)));
        } finally {
            open.forEach(EventStream::close);
        }
    }
}
