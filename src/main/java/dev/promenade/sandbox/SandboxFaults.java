package dev.promenade.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.arc.properties.IfBuildProperty;

/**
 * Makes the sandbox API misbehave for one repository, as GitHub sometimes does: answer with an
 * error status, refuse with an exhausted rate limit, or not answer at all until cleared.
 */
@ApplicationScoped
@IfBuildProperty(name = Sandbox.INCLUDED, stringValue = "true")
public class SandboxFaults {

    /** How long a hung request waits at most, so a forgotten fault cannot hold a thread forever. */
    private static final long MAX_HANG_SECONDS = 120;

    /**
     * @param rateLimitReset when set, the answer is GitHub's exhausted-rate-limit 403 resetting then
     */
    record Fault(int status, Instant rateLimitReset, CountDownLatch release) {
    }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, PullRequestFault> pullRequestFaults = new ConcurrentHashMap<>();
    private int hanging;
    private volatile boolean revocationsFail;

    /** How GitHub can let down the next pull request to be opened, once. */
    public enum PullRequestFault {
        /** Answers 502 and creates nothing. */
        FAIL_WITHOUT_CREATING,
        /** Creates the pull request, then answers 502 as if it had not. */
        FAIL_AFTER_CREATING,
        /** Lists the open pull requests of one head and base as they were a moment ago: without one just opened elsewhere. */
        STALE_LISTING,
        /** Answers 422 "No commits between", as when the branches met since the page was read. */
        NO_COMMITS_BETWEEN,
        /** Answers 422 "Validation Failed" with a reason, creating nothing. */
        VALIDATION_FAILED
    }

    /** The next matching request about the repository's pull requests misbehaves as said, once. */
    public void nextPullRequest(String repository, PullRequestFault fault) {
        pullRequestFaults.put(key(repository), fault);
    }

    /** Takes the repository's pending pull request fault if it is one of {@code kinds}. */
    Optional<PullRequestFault> takePullRequestFault(String repository, PullRequestFault... kinds) {
        PullRequestFault fault = pullRequestFaults.get(key(repository));
        for (PullRequestFault kind : kinds) {
            if (kind == fault && pullRequestFaults.remove(key(repository), fault)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** Every API request about the repository answers {@code status}. */
    public void failWith(String repository, int status) {
        faults.put(key(repository), new Fault(status, null, null));
    }

    /** Every API request about the repository is refused: the rate limit is exhausted until {@code reset}. */
    public void rateLimit(String repository, Instant reset) {
        faults.put(key(repository), new Fault(403, reset, null));
    }

    /** Every API request about the repository hangs until {@link #clear()}. */
    public void hang(String repository) {
        faults.put(key(repository), new Fault(504, null, new CountDownLatch(1)));
    }

    /** Token revocations ({@code DELETE /applications/{client_id}/token}) answer 502 and revoke nothing. */
    public void failRevocations() {
        revocationsFail = true;
    }

    boolean revocationsFail() {
        return revocationsFail;
    }

    /** Heals GitHub: what was hanging answers (as having timed out), and what is asked next answers normally. */
    public void clear() {
        revocationsFail = false;
        List<Fault> cleared = List.copyOf(faults.values());
        faults.clear();
        pullRequestFaults.clear();
        cleared.forEach(fault -> {
            if (fault.release() != null) {
                fault.release().countDown();
            }
        });
    }

    /**
     * Waits until {@code count} requests hang at the same time: proof that they were sent
     * concurrently.
     *
     * @return whether they did before the timeout
     */
    public synchronized boolean awaitHanging(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (hanging < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The repository's fault, if any, without hanging. */
    Optional<Fault> peek(String repository) {
        return Optional.ofNullable(faults.get(key(repository)));
    }

    /** The repository's fault, if any, after hanging as long as it says. */
    Optional<Fault> apply(String repository) {
        Fault fault = faults.get(key(repository));
        if (fault != null && fault.release() != null) {
            changeHanging(1);
            try {
                fault.release().await(MAX_HANG_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                changeHanging(-1);
            }
        }
        return Optional.ofNullable(fault);
    }

    private synchronized void changeHanging(int delta) {
        hanging += delta;
        notifyAll();
    }

    private static String key(String repository) {
        return repository.toLowerCase(Locale.ROOT);
    }
}
