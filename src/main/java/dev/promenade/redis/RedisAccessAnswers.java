package dev.promenade.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.auth.AccessAnswers;
import dev.promenade.auth.Seals;
import dev.promenade.auth.SharedAccessAnswers;
import dev.promenade.config.PromenadeConfig;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.RepositoryName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;

/**
 * Users' permission answers in Redis, for every replica: kept for {@code promenade.github.outage-grace}, as on
 * one instance, and trusted only for {@code promenade.access-check-ttl} by whoever reads them.
 */
@ApplicationScoped
// Chosen by promenade.store (see CatalogProducer), never injected by its interface.
@Typed(RedisAccessAnswers.class)
public class RedisAccessAnswers implements SharedAccessAnswers {

    private static final Logger LOG = Logger.getLogger(RedisAccessAnswers.class);
    /** Not worth waiting longer for than asking GitHub again. */
    private static final Duration PATIENCE = Duration.ofMillis(500);

    /** Looked up, not injected: the client is inactive unless quarkus.redis.hosts is set, as it is only for this store. */
    @Inject
    Instance<ReactiveRedisDataSource> client;

    private ReactiveRedisDataSource redis;

    @PostConstruct
    void start() {
        redis = client.get();
    }

    @Inject
    ObjectMapper json;

    @Inject
    PromenadeConfig config;

    /** With the session key, which Redis never sees: whoever can write to Redis cannot decide who sees what. */
    @Inject
    Seals seals;

    /**
     * As stored: the repositories the user may read, with what they may do, those they may not, and
     * those GitHub did not answer for.
     */
    record Stored(Map<String, RepositoryAccess> readable, List<String> unreadable, Instant checkedAt, List<String> unanswered,
            Instant askedAt) {
    }

    @Override
    public CompletionStage<AccessAnswers> load(String login) {
        return redis.value(String.class).get(key(login))
                .ifNoItem().after(PATIENCE).fail()
                .map(signed -> signed == null ? null : answers(login, signed))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("Permission answers of %s not read from Redis: %s", login, failure.getMessage());
                    return null;
                })
                .subscribeAsCompletionStage();
    }

    @Override
    public void save(String login, AccessAnswers answers) {
        Map<String, RepositoryAccess> readable = new HashMap<>();
        List<String> unreadable = new java.util.ArrayList<>();
        answers.access().forEach((repository, access) -> access.ifPresentOrElse(
                may -> readable.put(repository.fullName(), may), () -> unreadable.add(repository.fullName())));
        try {
            String stored = json.writeValueAsString(new Stored(readable, unreadable, answers.checkedAt(),
                    answers.unanswered().stream().map(RepositoryName::fullName).toList(), answers.askedAt()));
            redis.value(String.class).set(key(login), seals.signed(purpose(login), stored), new SetArgs().px(config.github().outageGrace()))
                    .subscribe().with(done -> {
                    }, failure -> LOG.debugf("Permission answers of %s not shared: %s", login, failure.getMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Permission answers could not be written as JSON", e);
        }
    }

    /** The signature checked before the JSON is read. */
    private AccessAnswers answers(String login, String signed) {
        Optional<String> verified = seals.verified(purpose(login), signed);
        if (verified.isEmpty()) {
            LOG.warnf("Permission answers of %s in Redis were not signed by Promenade: ignored", login);
            return null;
        }
        String stored = verified.get();
        try {
            Stored answers = json.readValue(stored, Stored.class);
            Map<RepositoryName, Optional<RepositoryAccess>> access = new HashMap<>();
            answers.readable().forEach((name, may) -> RepositoryName.parse(name).ifPresent(repository -> access.put(repository,
                    Optional.of(may))));
            answers.unreadable().forEach(name -> RepositoryName.parse(name).ifPresent(repository -> access.put(repository,
                    Optional.empty())));
            Set<RepositoryName> unanswered = new HashSet<>();
            if (answers.unanswered() != null) {
                answers.unanswered().forEach(name -> RepositoryName.parse(name).ifPresent(unanswered::add));
            }
            return new AccessAnswers(access, answers.checkedAt(), unanswered, answers.askedAt());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Sealed for one user: answers moved to another user's key do not open. */
    private static String purpose(String login) {
        return "permission answers of " + login.toLowerCase(Locale.ROOT);
    }

    static String key(String login) {
        return RedisSnapshotStore.PREFIX + "access:" + login.toLowerCase(Locale.ROOT);
    }
}
