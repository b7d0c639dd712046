package dev.promenade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/** A page's server-sent events, as a browser's EventSource receives them, read in the background. */
public final class EventStream implements AutoCloseable {

    /** One event: its name ({@code message} when it has none), id and data. */
    public record Event(String name, String id, String data) {
        /** The data as the HTML element it is. */
        public Element element() {
            return Jsoup.parseBodyFragment(data).body().child(0);
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Semaphore heartbeats = new Semaphore(0);
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private final InputStream body;
    private final Thread reader;

    private EventStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects as {@code user} to {@code path} (a page's {@code sse-connect}). */
    public static EventStream open(SignIn user, String path) {
        return open(user, path, null);
    }

    /** Connects again, as a browser does after a dropped connection, saying the last event it got. */
    public static EventStream open(SignIn user, String path, String lastEventId) {
        String cookies = user.cookies().entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((user.base() == null ? "http://localhost:8081" : user.base()) + path))
                .header("Accept", "text/event-stream").header("Cookie", cookies);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode(), path);
            return new EventStream(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events that came until none came for {@code quiet}. */
    public List<Event> drain(Duration quiet) {
        List<Event> drained = new java.util.ArrayList<>();
        try {
            for (Event event; (event = events.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) != null;) {
                drained.add(event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return drained;
    }

    /** The next event that matches, waiting up to {@code timeout}; fails the test when none comes. */
    public Event next(Predicate<Event> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertNotNull(event, "no such event came in " + timeout);
                if (wanted.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Event next(String name) {
        return next(event -> event.name().equals(name), Duration.ofSeconds(15));
    }

    /** The next block of {@code repository} ({@code owner/name}) the overview is sent. */
    public Element block(String repository) {
        String name = "repo-" + repository.replace("/", "--");
        return next(event -> event.name().equals(name), Duration.ofSeconds(15)).element();
    }

    /** The next freshness line of {@code repository} once it is not being read: it was read again and nothing changed. */
    public Element freshness(String repository) {
        String name = "fresh-repo-" + repository.replace("/", "--");
        return next(event -> event.name().equals(name) && !event.data().contains("reading GitHub again"),
                Duration.ofSeconds(15)).element();
    }

    /** The next event about {@code repository}, its block or its freshness line, read again. */
    public Event about(String repository) {
        String block = "repo-" + repository.replace("/", "--");
        return next(event -> event.name().equals(block) || event.name().equals("fresh-" + block)
                && !event.data().contains("reading GitHub again"), Duration.ofSeconds(15));
    }

    /** Whether a comment (a heartbeat) comes within {@code timeout}. */
    public boolean heartbeat(Duration timeout) {
        try {
            return heartbeats.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Events received but not yet taken, without waiting. */
    public Map<String, Long> pending() {
        return events.stream().collect(Collectors.groupingBy(Event::name, Collectors.counting()));
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, id, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    heartbeats.release();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
                }
            }
        } catch (IOException closed) {
            // The stream was closed: no more events.
        } finally {
            ended.countDown();
        }
    }

    /** Whether the server ends the stream within {@code timeout}. */
    public boolean ends(Duration timeout) {
        try {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            body.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }
}
