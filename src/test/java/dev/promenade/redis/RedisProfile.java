package dev.promenade.redis;

import java.util.List;
import java.util.Map;

import dev.promenade.Packages;
import dev.promenade.RedisServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with {@code promenade.store=redis}, on a redis-server of its own. */
public class RedisProfile implements QuarkusTestProfile {

    static final String PASSWORD = "the-password-compose-gives-redis";

    /** The server of the running test application; {@code null} where redis-server is not installed. */
    static volatile RedisServer server;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Redis.class));
    }

    /** Starts redis-server before the application, when it is installed (tests check {@link #server} first). */
    public static class Redis implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            if (!Packages.installed(RedisServer.EXECUTABLE)) {
                return Map.of();
            }
            server = RedisServer.startWithPassword(PASSWORD);
            return Map.of("promenade.store", "redis", "quarkus.redis.hosts", server.url(), "quarkus.redis.password", PASSWORD);
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
                server = null;
            }
        }
    }
}
