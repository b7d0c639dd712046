package dev.promenade.auth;

import java.util.List;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.GitHubFailure;

/**
 * The configured repositories the signed-in user may read.
 *
 * @param unchecked how many repositories could not be checked because GitHub failed; they are left
 *                  out without naming them, since the user may not be allowed to know them
 * @param failure   why the first of those checks failed, {@code null} when none did
 * @param misconfigured the repositories the user may read whose chain file Promenade cannot use
 */
public record Visibility(List<ReadableRepository> readable, int unchecked, GitHubFailure failure,
        List<Catalog.Misconfigured> misconfigured) {
}
