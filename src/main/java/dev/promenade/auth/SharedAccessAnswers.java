package dev.promenade.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where users' permission answers are shared between replicas, so that a user whose requests land
 * on another replica is not asked about again ({@code promenade.store=redis}); on one instance,
 * nowhere.
 */
public interface SharedAccessAnswers {

    /** One instance: nothing to share. */
    SharedAccessAnswers NONE = new SharedAccessAnswers() {
        @Override
        public CompletionStage<AccessAnswers> load(String login) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void save(String login, AccessAnswers answers) {
        }
    };

    /** The user's answers another replica got, or {@code null}; never fails. */
    CompletionStage<AccessAnswers> load(String login);

    void save(String login, AccessAnswers answers);
}
