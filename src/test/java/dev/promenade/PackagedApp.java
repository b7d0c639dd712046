package dev.promenade;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The production package ({@code target/quarkus-app}, as {@code ./mvnw package} builds it) in a process of its own. */
public record PackagedApp(String name, int port, int management, Process process, File log) {

    /** Starts it on free ports with {@code properties} as system properties; its output goes to target/{name}.log. */
    public static PackagedApp start(String name, Map<String, String> properties) {
        int port = RedisServer.freePort();
        int management = RedisServer.freePort();
        Map<String, String> all = new TreeMap<>(properties);
        all.put("quarkus.http.port", String.valueOf(port));
        all.put("quarkus.management.port", String.valueOf(management));
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath()));
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        File log = new File("target/" + name + ".log");
        try {
            return new PackagedApp(name, port, management,
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start(), log);
        } catch (IOException e) {
            throw new IllegalStateException(name + " did not start", e);
        }
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public void awaitReady() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertTrue(process.isAlive(), name + " stopped: see " + log);
                    return given().get("http://localhost:" + management + "/q/health/ready").statusCode() == 200;
                });
    }

    /** Its exit code, once it stopped by itself. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        assertTrue(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS), name + " is still running");
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log.toPath());
    }

    public void stop() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
