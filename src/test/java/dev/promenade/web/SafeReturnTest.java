package dev.promenade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** After a promotion without JavaScript, the redirect goes back to a page of Promenade, never elsewhere. */
class SafeReturnTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "/repos/acme/app | /repos/acme/app",
            "/ | /",
            "/repos/acme/app?outcome=OPENED&pr=1 | /repos/acme/app",
            "https://evil.example.com/ | /fallback",
            "//evil.example.com/ | /fallback",
            "/\\evil.example.com | /fallback",
            "repos/acme/app | /fallback",
            "null | /fallback",
            "/repos/acme/app with space | /fallback",
            "/repos/acme/%zz | /fallback",
            "/repos/acme/app%20x | /repos/acme/app%20x",
            "/repos/acme/ünicode | /fallback",
            "/repos/acme\u0007/app | /fallback",
            "'' | /fallback",
            "/repos/acme/release%2Fprod | /repos/acme/release%2Fprod",
    })
    void returnsOnlyToLocalPaths(String requested, String expected) {
        assertEquals(expected, PromotionResource.safeReturn(requested, "/fallback"));
    }
}
