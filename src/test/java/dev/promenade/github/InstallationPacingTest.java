package dev.promenade.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** An installation's reads stay under GitHub's secondary limits: points per minute, queries at once. */
class InstallationPacingTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void atMostSoManyQueriesAreInFlight() {
        InstallationPacing.Window window = new InstallationPacing.Window();
        for (int i = 0; i < InstallationPacing.IN_FLIGHT; i++) {
            assertEquals(0, window.admit(0));
        }
        assertTrue(window.admit(0) > 0, "the next waits");
        window.answered(SECOND, 1);
        assertEquals(0, window.admit(SECOND), "until one is answered");
    }

    @Test
    void pointsSpentInTheLastMinuteHoldTheNextQueryBackUntilTheyAreAMinuteOld() {
        InstallationPacing.Window window = new InstallationPacing.Window();
        assertEquals(0, window.admit(0));
        window.answered(0, InstallationPacing.POINTS_PER_MINUTE - 1);
        assertEquals(0, window.admit(10 * SECOND), "one point short of the minute's share");
        window.answered(10 * SECOND, 30);

        long wait = window.admit(20 * SECOND);
        assertEquals(40 * SECOND, wait, "the minute's share is spent: until the first cost is a minute old");
        assertEquals(0, window.admit(60 * SECOND));
    }

    @Test
    void aWaitIsWholeMillisecondsAndNeverNone() {
        assertEquals(Duration.ofMillis(1), InstallationPacing.delay(1));
        assertEquals(Duration.ofMillis(1), InstallationPacing.delay(500_000));
        assertEquals(Duration.ofMillis(41), InstallationPacing.delay(40_000_001));
    }

    @Test
    void onlyInstallationsArePaced() {
        assertTrue(InstallationPacing.isInstallation(AppInstallations.login(42)));
        assertFalse(InstallationPacing.isInstallation("alice"));
        assertFalse(InstallationPacing.isInstallation("dependabot[bot]"));
    }
}
