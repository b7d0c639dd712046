package dev.promenade.github;

import java.time.Clock;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.promenade.pipeline.GitHubFailure;
import dev.promenade.pipeline.GitHubFailure.Kind;

/** Turns GitHub's error answers into {@link GitHubFailure}s, recognising its rate limits. */
@Singleton
public class GitHubErrors implements ResponseExceptionMapper<GitHubFailure> {

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Override
    public GitHubFailure toThrowable(Response response) {
        int status = response.getStatus();
        String message = messageOf(response);
        Instant retryAt = rateLimitReset(response);
        if (retryAt != null || status == 429 || (status == 403 && message.toLowerCase().contains("rate limit"))) {
            Instant resets = retryAt != null ? retryAt : clock.instant().plusSeconds(60);
            return new GitHubFailure(Kind.RATE_LIMITED, status, "GitHub's API rate limit is exhausted (" + message + ")",
                    resets);
        }
        return switch (status) {
            case 401 -> new GitHubFailure(Kind.UNAUTHORIZED, status, "GitHub no longer accepts your sign-in (" + message + ")");
            case 403 -> new GitHubFailure(Kind.FORBIDDEN, status, "GitHub refused access (" + message + ")");
            case 404 -> new GitHubFailure(Kind.NOT_FOUND, status, "GitHub found nothing there, or your account may not see it");
            case 409, 422 -> new GitHubFailure(Kind.UNPROCESSABLE, status, "GitHub refused the request (" + message + ")");
            default -> new GitHubFailure(Kind.UNAVAILABLE, status, "GitHub answered HTTP " + status + " (" + message + ")");
        };
    }

    /** GitHub gave no answer at all: refused connection, timeout, broken body. */
    static GitHubFailure notAnswered(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        GitHubFailure failure = new GitHubFailure(Kind.UNAVAILABLE, 0, "GitHub did not answer (" + (root.getMessage() == null ? name
                : name + ": " + root.getMessage()) + ")");
        failure.initCause(root);
        return failure;
    }

    /** Whether GitHub took too long, rather than broke the connection or refused it. */
    static boolean timedOut(GitHubFailure failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.net.SocketTimeoutException
                    || cause instanceof io.netty.handler.timeout.TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A limit is exhausted when GitHub says no request remains (primary limit) or asks to retry
     * after some seconds (secondary limits); either way it says when to try again.
     */
    private Instant rateLimitReset(Response response) {
        int status = response.getStatus();
        if (status != 403 && status != 429) {
            return null;
        }
        String retryAfter = response.getHeaderString("Retry-After");
        if (retryAfter != null && retryAfter.strip().matches("\\d{1,9}")) {
            return clock.instant().plusSeconds(Long.parseLong(retryAfter.strip()));
        }
        String remaining = response.getHeaderString("X-RateLimit-Remaining");
        String reset = response.getHeaderString("X-RateLimit-Reset");
        if ("0".equals(remaining) && reset != null && reset.strip().matches("\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(reset.strip()));
        }
        return null;
    }

    private String messageOf(Response response) {
        try {
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return "no details";
            }
            GitHubJson.Error error = json.readValue(body, GitHubJson.Error.class);
            String message = error.message() == null ? "no details" : error.message();
            if (error.errors() != null && !error.errors().isEmpty()) {
                message += ": " + String.join("; ", error.errors().stream()
                        .map(detail -> detail.message() != null ? detail.message()
                                : detail.resource() + " " + detail.field() + " " + detail.code())
                        .toList());
            }
            return message;
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return "no details";
        }
    }
}
