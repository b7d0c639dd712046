package dev.promenade.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.auth.Seals;
import dev.promenade.pipeline.Repositories;
import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.Observed;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.SnapshotStore;
import dev.promenade.pipeline.Snapshots;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Snapshots in Redis, shared by every replica ({@code promenade.store=redis}). Each replica keeps a
 * copy of every entry and renders pages from it; a change is written with a compare-and-set on
 * the entry's revision (applied again to the newer entry when another replica wrote first) and
 * announced on a channel, on which every other replica fetches the new entry and tells its pages.
 * Every few seconds the revisions are compared, so a replica that missed announcements (Redis
 * restarted, the connection dropped) catches up. While Redis cannot be reached, a replica goes on
 * alone with what it reads itself.
 */
@ApplicationScoped
// Chosen by promenade.store (see CatalogProducer), never injected by its interface.
@Typed(RedisSnapshotStore.class)
public class RedisSnapshotStore implements SnapshotStore {

    private static final Logger LOG = Logger.getLogger(RedisSnapshotStore.class);
    static final String PREFIX = "promenade:";
    static final String CHANNEL = PREFIX + "changes";
    private static final String VERSION = PREFIX + "version";
    private static final String REVISIONS = PREFIX + "revisions";
    /** Which life of Redis' data this is: a new one (Redis restarted empty, its keys expired) numbers revisions anew. */
    private static final String EPOCH = PREFIX + "epoch";
    private static final Duration RESYNC = Duration.ofSeconds(3);
    /**
     * Every key expires once no replica wrote for this long: a snapshot is GitHub's, read again when
     * needed, as after Redis restarted empty.
     */
    static final Duration KEEP = Duration.ofDays(7);
    private static final int ATTEMPTS = 20;

    /**
     * Writes the entry if its revision is still the one the change was made to; tells the other
     * replicas. Revisions only grow, also after the entry's key expired: the next one follows the
     * last one the other replicas heard of.
     */
    private static final String WRITE = """
            local rev = redis.call('HGET', KEYS[1], 'rev')
            if (rev or '0') ~= ARGV[1] then return {-1, tonumber(rev or '0')} end
            local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
            if ARGV[3] == '1' then version = redis.call('INCR', KEYS[2]) end
            local next = math.max(tonumber(ARGV[1]), tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0')) + 1
            redis.call('HSET', KEYS[1], 'rev', next, 'data', ARGV[2], 'version', version)
            redis.call('HSET', KEYS[3], ARGV[4], next)
            for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[8]) end
            redis.call('PUBLISH', ARGV[5], ARGV[6] .. '|' .. ARGV[4] .. '|' .. ARGV[7])
            return {version, next}
            """;
    private static final String AT_LEAST = """
            if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** Looked up, not injected: the client is inactive unless quarkus.redis.hosts is set, as it is only for this store. */
    @Inject
    Instance<RedisDataSource> client;

    private RedisDataSource redis;

    /** Announcements arrive on a subscription of the reactive client. */
    @Inject
    Instance<ReactiveRedisDataSource> reactive;

    @Inject
    ObjectMapper json;

    @Inject
    Repositories repositories;

    @Inject
    Seals seals;

    /** Who wrote an announcement: this replica ignores its own. */
    private final String replica = UUID.randomUUID().toString();
    private final Map<Pipeline, Known> known = new ConcurrentHashMap<>();
    /** The pipelines shown now, by their key: what other replicas change of others is not this replica's business. */
    private final Map<String, Pipeline> byKey = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private final List<RemoteChanges> listeners = new CopyOnWriteArrayList<>();
    /** Keys whose newer entry is being fetched, and whether another announcement came meanwhile. */
    private final Map<String, AtomicBoolean> fetching = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    /** Redis is asked on one thread: changes of a replica are written in the order they were made. */
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "promenade-redis");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean subscribed;
    /** The life of Redis' data the revisions this replica knows come from. */
    private String epoch;

    /** An entry as this replica knows it, and the revision it was stored under (0: not in Redis). */
    private record Known(Entry entry, long revision) {
    }

    /** An entry as stored: JSON of what it holds, its version kept beside it. */
    record Stored(PipelineStatus value, Instant asOf, Failure failure, Instant failingSince, Instant attemptedAt,
            Map<String, String> announced, Instant announcedAt, long marks) {
    }

    record Failure(GitHubFailure.Kind kind, int status, String message, Instant retryAt) {
    }

    @PostConstruct
    void start() {
        redis = client.get();
        repositories.pipelines().forEach(pipeline -> byKey.put(key(pipeline), pipeline));
        repositories.onChange((before, after) -> {
            after.pipelines().forEach(pipeline -> byKey.put(key(pipeline), pipeline));
            byKey.values().retainAll(new java.util.HashSet<>(after.pipelines()));
        });
        worker.execute(this::resync);
        worker.scheduleWithFixedDelay(this::resync, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    @Override
    public Entry get(Pipeline pipeline) {
        Known entry = known.get(pipeline);
        return entry == null ? Entry.NONE : entry.entry();
    }

    @Override
    public long version() {
        return version.get();
    }

    @Override
    public CompletionStage<Update> update(Pipeline pipeline, Function<Entry, Update> change) {
        CompletableFuture<Update> stored = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                stored.complete(write(pipeline, change));
            } catch (RuntimeException e) {
                stored.completeExceptionally(e);
            }
        });
        return stored;
    }

    private Update write(Pipeline pipeline, Function<Entry, Update> change) {
        String key = key(pipeline);
        Known base = known.getOrDefault(pipeline, new Known(Entry.NONE, 0));
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Update update = change.apply(base.entry());
            boolean bump = update.change() != Snapshots.Change.FRESHNESS;
            if (unreachable.get()) {
                // Not waited for while it is away (resync() finds out when it is back): kept here meanwhile.
                return alone(pipeline, base, update, bump);
            }
            try {
                Response answer = redis.execute("EVAL", WRITE, "3", PREFIX + key, VERSION, REVISIONS,
                        String.valueOf(base.revision()), seals.signed(purpose(key), json.writeValueAsString(stored(update.entry()))), bump ? "1" : "0", key,
                        CHANNEL, replica, update.change().name(), String.valueOf(KEEP.toMillis()));
                reachable();
                long written = answer.get(0).toLong();
                if (written >= 0) {
                    Entry entry = withVersion(update.entry(), written);
                    keep(pipeline, new Known(entry, answer.get(1).toLong()));
                    return new Update(entry, update.change());
                }
                // Another replica wrote first: apply the change to what it wrote.
                // (Redis lost it, restarted empty: what this replica knows is the best there is.)
                base = fetch(key).orElse(new Known(base.entry(), answer.get(1).toLong()));
            } catch (IOException e) {
                throw new IllegalStateException("A snapshot could not be written as JSON", e);
            } catch (RuntimeException e) {
                unreachable(e);
                return alone(pipeline, base, update, bump);
            }
        }
        throw new IllegalStateException("Snapshot of " + pipeline.repository() + " kept changing under " + ATTEMPTS + " writes");
    }

    /** Alone until Redis is back: this replica goes on with what it reads itself. */
    private Update alone(Pipeline pipeline, Known base, Update update, boolean bump) {
        Entry entry = bump ? withVersion(update.entry(), version.incrementAndGet()) : update.entry();
        keep(pipeline, new Known(entry, base.revision()));
        return new Update(entry, update.change());
    }

    @Override
    public CompletionStage<Boolean> claim(Pipeline pipeline, Duration ttl) {
        CompletableFuture<Boolean> claimed = new CompletableFuture<>();
        worker.execute(() -> {
            if (unreachable.get()) {
                claimed.complete(true);
                return;
            }
            try {
                Response answer = redis.execute("SET", PREFIX + "reading:" + key(pipeline), replica, "NX", "PX",
                        String.valueOf(ttl.toMillis()));
                reachable();
                claimed.complete(answer != null);
            } catch (RuntimeException e) {
                unreachable(e);
                claimed.complete(true);
            }
        });
        return claimed;
    }

    @Override
    public void release(Pipeline pipeline) {
        worker.execute(() -> {
            if (unreachable.get()) {
                return;
            }
            try {
                redis.execute("EVAL", RELEASE, "1", PREFIX + "reading:" + key(pipeline), replica);
            } catch (RuntimeException e) {
                unreachable(e);
            }
        });
    }

    @Override
    public void onRemoteChange(RemoteChanges listener) {
        listeners.add(listener);
    }

    @Override
    public void clear() {
        CompletableFuture<Void> cleared = new CompletableFuture<>();
        worker.execute(() -> {
            try {
                List<String> keys = redis.key().keys(PREFIX + "*");
                if (!keys.isEmpty()) {
                    redis.key().del(keys.toArray(String[]::new));
                }
                known.clear();
                cleared.complete(null);
            } catch (RuntimeException e) {
                cleared.completeExceptionally(e);
            }
        });
        cleared.join();
    }

    /** Whether Redis answered the last time it was asked. */
    public boolean isReachable() {
        return !unreachable.get();
    }

    /** Another replica wrote {@code key}: fetch it once, however many announcements arrive meanwhile. */
    private void announced(String message) {
        String[] parts = message.split("\\|");
        if (parts.length < 3 || parts[0].equals(replica) || !byKey.containsKey(parts[1])) {
            return;
        }
        AtomicBoolean again = fetching.computeIfAbsent(parts[1], key -> new AtomicBoolean());
        if (again.getAndSet(true)) {
            return;
        }
        worker.execute(() -> refresh(parts[1], parseChange(parts[2])));
    }

    private void refresh(String key, Snapshots.Change change) {
        AtomicBoolean again = fetching.get(key);
        if (again != null) {
            again.set(false);
        }
        try {
            Pipeline pipeline = byKey.get(key);
            Known before = known.getOrDefault(pipeline, new Known(Entry.NONE, 0));
            fetch(key).filter(fetched -> fetched.revision() > before.revision()).ifPresent(fetched -> {
                keep(pipeline, fetched);
                Update update = new Update(fetched.entry(), change);
                listeners.forEach(listener -> listener.changed(pipeline, before.entry(), update));
            });
        } catch (RuntimeException e) {
            unreachable(e);
        } finally {
            fetching.remove(key);
        }
    }

    /** Compares revisions with Redis, subscribing again if needed: what was missed is fetched. */
    private void resync() {
        try {
            if (!subscribed) {
                subscribed = true;
                reactive.get().pubsub(String.class).subscribe(CHANNEL).subscribe().with(this::announced, failure -> {
                    subscribed = false;
                    unreachable(new IllegalStateException(failure.getMessage(), failure));
                }, () -> subscribed = false);
            }
            boolean anew = newEpoch();
            Map<String, String> revisions = redis.hash(String.class).hgetall(REVISIONS);
            boolean wasAway = unreachable.get();
            reachable();
            if (wasAway || anew) {
                // What this replica read meanwhile, Redis (restarted empty, say) may lack: shared again.
                known.forEach((pipeline, mine) -> {
                    if (!revisions.containsKey(key(pipeline)) && mine.entry() != Entry.NONE) {
                        write(pipeline, entry -> new Update(entry, Snapshots.Change.FRESHNESS));
                    }
                });
            }
            revisions.forEach((key, revision) -> {
                Pipeline pipeline = byKey.get(key);
                Known mine = pipeline == null ? null : known.get(pipeline);
                if (pipeline != null && (mine == null || mine.revision() < Long.parseLong(revision))) {
                    // Content, as it may be: pages showing it are sent it again.
                    refresh(key, Snapshots.Change.CONTENT);
                }
            });
        } catch (RuntimeException e) {
            subscribed = false;
            unreachable(e);
        }
    }

    /**
     * When Redis' data began a new life, the revisions this replica knows mean nothing there: every
     * entry Redis holds is then newer than this replica's copy, and what Redis lacks is shared again.
     *
     * @return whether it did since the last look
     */
    private boolean newEpoch() {
        redis.execute("SET", EPOCH, UUID.randomUUID().toString(), "NX", "PX", String.valueOf(KEEP.toMillis()));
        redis.execute("PEXPIRE", EPOCH, String.valueOf(KEEP.toMillis()));
        String current = redis.value(String.class).get(EPOCH);
        if (epoch != null && !epoch.equals(current)) {
            LOG.info("Redis' data began anew (restarted empty, or expired): this replica's snapshots are compared again");
            known.replaceAll((pipeline, mine) -> new Known(mine.entry(), 0));
            // Open pages know changes by number: numbers go on from the highest any replica gave.
            redis.execute("EVAL", AT_LEAST, "1", VERSION, String.valueOf(version.get()), String.valueOf(KEEP.toMillis()));
        }
        boolean anew = epoch != null && !epoch.equals(current);
        epoch = current;
        return anew;
    }

    java.util.Optional<Known> fetch(String key) {
        Map<String, String> fields = redis.hash(String.class).hgetall(PREFIX + key);
        reachable();
        if (fields.isEmpty() || fields.get("data") == null) {
            return java.util.Optional.empty();
        }
        String data = seals.verified(purpose(key), fields.get("data")).orElse(null);
        if (data == null) {
            LOG.warnf("The snapshot stored under %s was not signed by Promenade; it is read from GitHub again", key);
            return java.util.Optional.empty();
        }
        try {
            Stored stored = json.readValue(data, Stored.class);
            Entry entry = withVersion(entry(stored), Long.parseLong(fields.getOrDefault("version", "0")));
            return java.util.Optional.of(new Known(entry, Long.parseLong(fields.getOrDefault("rev", "0"))));
        } catch (IOException e) {
            LOG.warnf("The snapshot stored under %s could not be read; it is read from GitHub again: %s", key, e.getMessage());
            return java.util.Optional.empty();
        }
    }

    /** Signed for its key: whoever can write to Redis cannot make pages show what GitHub did not say. */
    private static String purpose(String key) {
        return "snapshot " + key;
    }

    private void keep(Pipeline pipeline, Known entry) {
        known.put(pipeline, entry);
        version.accumulateAndGet(entry.entry().version(), Math::max);
    }

    private void reachable() {
        if (unreachable.compareAndSet(true, false)) {
            LOG.info("Redis answers again: snapshots are shared with the other replicas");
        }
    }

    private void unreachable(RuntimeException e) {
        if (unreachable.compareAndSet(false, true)) {
            LOG.warnf(e, "Redis cannot be reached: this replica serves what it reads itself until it can");
        }
    }

    private static Snapshots.Change parseChange(String name) {
        try {
            return Snapshots.Change.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Snapshots.Change.CONTENT;
        }
    }

    private static Entry withVersion(Entry entry, long version) {
        return entry.withVersion(version);
    }

    static Stored stored(Entry entry) {
        Observed<PipelineStatus> observed = entry.observed();
        GitHubFailure failure = observed.failure();
        return new Stored(observed.value(), observed.asOf(), failure == null ? null
                : new Failure(failure.kind(), failure.status(), failure.getMessage(), failure.retryAt()),
                observed.failingSince(), observed.attemptedAt(), entry.announced(), entry.announcedAt(), entry.marks());
    }

    static Entry entry(Stored stored) {
        GitHubFailure failure = stored.failure() == null ? null
                : new GitHubFailure(stored.failure().kind(), stored.failure().status(), stored.failure().message(),
                        stored.failure().retryAt());
        return new Entry(new Observed<>(stored.value(), stored.asOf(), failure, stored.failingSince(), stored.attemptedAt()),
                stored.announced() == null ? Map.of() : stored.announced(), stored.announcedAt(), stored.marks(), 0);
    }

    /** A pipeline's key: its repository and its chain of branches. */
    static String key(Pipeline pipeline) {
        String chain = pipeline.environments().stream().map(environment -> environment.name() + "=" + environment.branch())
                .collect(Collectors.joining(","));
        return "snapshot:" + pipeline.repository().fullName().toLowerCase(java.util.Locale.ROOT) + ":" + digest(chain);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
