package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The title a person reads: the pull request's title for its merge commit, and the number shown once. */
class CommitTitleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Merge pull request #15 from acme/feature/checkout\\n\\nNew checkout flow\\n\\nLong text | New checkout flow | 15",
            "Merge pull request #15 from acme/feature/checkout | Merge pull request #15 from acme/feature/checkout | 15",
            "Add search box (#5) | Add search box | 5",
            "Add search box (#5)\\n\\n* one\\n* two | Add search box | 5",
            "Fix (#5) in the middle of things | Fix (#5) in the middle of things | 0",
            "Plain commit | Plain commit | 0",
            "Merge branch 'master' into staging | Merge branch 'master' into staging | 0",
    })
    void titleOf(String message, String title, int pullRequest) {
        Commit commit = new Commit("a".repeat(40), message.replace("\\n", "\n"), null, "Ann", null, Instant.EPOCH, null,
                "https://github.com/acme/app/commit/" + "a".repeat(40), 1, null, java.util.List.of());
        assertEquals(title, commit.title());
        assertEquals(pullRequest, commit.pullRequest());
    }
}
