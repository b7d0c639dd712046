package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PullRequestReferenceTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Merge pull request #12 from acme/feature-x | 12",
            "Merge pull request #533 from sullis/jackson-2.9.9.3\\n\\nupgrade jackson-databind | 533",
            "Add search box (#34) | 34",
            "squashMerge (#333)\\n\\nsquash merge | 333",
            "Fix rounding (#7)   | 7",
    })
    void findsThePullRequestGitHubWroteIntoTheHeadline(String message, int number) {
        assertEquals(OptionalInt.of(number), PullRequestReference.in(message.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Initial commit",
            "Fixes #12 by rounding half-even",
            "Add search box (#34) and more",
            "Headline\n\nSee (#99)",
            "Merge branch 'master' into staging",
    })
    void ignoresMentionsThatAreNotGitHubsMergeOrSquashForm(String message) {
        assertTrue(PullRequestReference.in(message).isEmpty());
    }
}
