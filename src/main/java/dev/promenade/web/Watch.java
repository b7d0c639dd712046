package dev.promenade.web;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * What an open page asks the server for next, without a reload: the blocks of repositories that
 * were being read when it was rendered, once they are read ({@code url}, asked by htmx as soon as
 * the page loads and answered when the reads are done). Without JavaScript, {@code reload} is a link.
 */
public record Watch(String url, String reload, String target) {

    /** Nothing is being read: nothing to watch. */
    public static final Watch NONE = new Watch(null, null, null);

    /**
     * @param page         the page's path, which answers the watch too
     * @param target       what the answer replaces: {@code this} (the watch, the answer swapping
     *                     repositories out of band) or the id of the page's region
     * @param repositories the repositories being read, as {@code owner/name}
     */
    static Watch of(String page, String target, Collection<String> repositories) {
        if (repositories.isEmpty()) {
            return NONE;
        }
        return new Watch(page + "?" + repositories.stream().map(name -> "watch=" + name).collect(Collectors.joining("&")),
                page, target);
    }

    public boolean active() {
        return url != null;
    }
}
