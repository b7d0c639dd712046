package dev.promenade.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryNameTest {

    @Test
    void parsesOwnerAndName() {
        RepositoryName name = RepositoryName.parse("hub4j-test-org/github-api.v2_x").orElseThrow();

        assertEquals("hub4j-test-org", name.owner());
        assertEquals("github-api.v2_x", name.name());
        assertEquals("hub4j-test-org/github-api.v2_x", name.fullName());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "acme", "acme/", "/repo", "acme/repo/extra", "ac me/repo", "acme/re po", "acme/..",
            "-acme/repo", "acme/<script>" })
    void rejectsWhatIsNotOwnerSlashRepo(String text) {
        assertTrue(RepositoryName.parse(text).isEmpty(), text);
    }

    @Test
    void matchesCaseInsensitivelyLikeGitHub() {
        assertTrue(RepositoryName.parse("Acme/StoreFront").orElseThrow()
                .sameAs(RepositoryName.parse("acme/storefront").orElseThrow()));
    }
}
