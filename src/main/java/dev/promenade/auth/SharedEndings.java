package dev.promenade.auth;

/**
 * How the other replicas hear that a session ended ({@code promenade.store=redis}); on one
 * instance, nobody to tell.
 */
public interface SharedEndings {

    SharedEndings NONE = fingerprint -> {
    };

    /** Tells every other replica; they call {@link EndedSessions#heard}. */
    void tell(String fingerprint);
}
