package dev.promenade.web;

import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;

import dev.promenade.auth.AccessUnknown;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.promenade.auth.CsrfCheck;
import dev.promenade.pipeline.GitHubFailure;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The one place failures become pages. An htmx request gets only the message fragment, to show in
 * place of what it meant to swap.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private static final Map<Integer, String> DEFAULT_MESSAGES = Map.of(
            400, "The request was not understood.",
            404, "There is no page at this address.",
            405, "This address does not accept that request.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message, Remedy remedy);

        static native TemplateInstance error$message(int status, String title, String message, Remedy remedy);
    }

    /** What the person can do about it, besides going back. */
    public enum Remedy {
        NONE,
        SIGN_IN_AGAIN,
        RELOAD
    }

    @ServerExceptionMapper
    RestResponse<TemplateInstance> expiredForm(CsrfCheck.ExpiredForm e, HttpHeaders headers) {
        return page(403, "This page has expired", e.getMessage(), Remedy.RELOAD, headers);
    }

    @ServerExceptionMapper
    RestResponse<TemplateInstance> webApplication(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        String title = switch (status) {
            case 400 -> "Bad request";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            default -> Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
        return page(status, title, ownMessage(e) ? e.getMessage() : DEFAULT_MESSAGES.getOrDefault(status, title), Remedy.NONE,
                headers);
    }

    /** JAX-RS's own messages ("HTTP 404 Not Found", "Unable to find matching target resource method") are not for people. */
    private static boolean ownMessage(WebApplicationException e) {
        String message = e.getMessage();
        return message != null && !message.startsWith("HTTP ") && !message.startsWith("Unable to find");
    }

    @ServerExceptionMapper
    RestResponse<TemplateInstance> gitHub(GitHubFailure failure, HttpHeaders headers) {
        return switch (failure.kind()) {
            case UNAUTHORIZED -> page(401, "Sign in again",
                    "GitHub no longer accepts your sign-in (the token was revoked or has expired). Sign out, then sign in again.",
                    Remedy.SIGN_IN_AGAIN, headers);
            case NOT_FOUND -> page(404, "Not found", failure.getMessage(), Remedy.NONE, headers);
            case FORBIDDEN -> page(403, "Not allowed", failure.getMessage(), Remedy.NONE, headers);
            case RATE_LIMITED -> page(429, "GitHub's rate limit is exhausted", failure.getMessage()
                    + (failure.retryAt() == null ? "." : ". It resets at " + Ages.AT.format(failure.retryAt()) + "."), Remedy.NONE, headers);
            default -> page(503, "GitHub did not answer", failure.getMessage(), Remedy.NONE, headers);
        };
    }

    @ServerExceptionMapper
    RestResponse<TemplateInstance> accessUnknown(AccessUnknown e, HttpHeaders headers) {
        return page(503, "Cannot check your access", e.getMessage(), Remedy.RELOAD, headers);
    }

    /** A form or query that cannot be decoded (broken percent-encoding, an unknown charset) is the request's fault. */
    @ServerExceptionMapper
    RestResponse<TemplateInstance> undecodable(IllegalArgumentException e, HttpHeaders headers) {
        if (e instanceof UnsupportedCharsetException || e instanceof IllegalCharsetNameException) {
            return page(415, "Unsupported character set", "Promenade reads forms in UTF-8.", Remedy.NONE, headers);
        }
        if (String.valueOf(e.getMessage()).startsWith("Failed to decode")) {
            return page(400, "Bad request", "The request's percent-encoding is broken.", Remedy.NONE, headers);
        }
        return unexpected(e, headers);
    }

    /** Anything unforeseen: logged with its stack trace, shown without it. */
    @ServerExceptionMapper
    RestResponse<TemplateInstance> unexpected(RuntimeException e, HttpHeaders headers) {
        LOG.error("Request failed", e);
        return page(500, "Something went wrong", "The error was logged. Try again; if it persists, tell your Promenade admins.",
                Remedy.NONE, headers);
    }

    private static RestResponse<TemplateInstance> page(int status, String title, String message, Remedy remedy,
            HttpHeaders headers) {
        boolean htmx = "true".equals(headers.getHeaderString("HX-Request"));
        TemplateInstance body = htmx
                ? Templates.error$message(status, title, message, remedy)
                : Templates.error(status, title, message, remedy);
        return RestResponse.ResponseBuilder.<TemplateInstance>create(status).entity(body).type(MediaType.TEXT_HTML_TYPE).build();
    }
}
