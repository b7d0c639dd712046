package dev.promenade.pipeline;

/**
 * The signed-in user GitHub is asked as: their login and the OAuth token GitHub gave them. GitHub
 * applies this user's permissions and rate limit to every read done with it.
 */
public record Viewer(String login, String token) {

    /** Never the token: a viewer may end up in a log line. */
    @Override
    public String toString() {
        return "Viewer[" + login + "]";
    }
}
