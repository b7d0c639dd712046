package dev.promenade.pipeline;

import java.util.Set;

/**
 * A repository a GitHub App is installed on, and what it says about its chain.
 *
 * @param chainFile          its chain file on the default branch ({@code null}: none)
 * @param chainFileTruncated whether GitHub gave only part of the file
 * @param branches           which branches of the default chain it has
 */
public record InstalledRepository(RepositoryName repository, long installation, String chainFile, boolean chainFileTruncated,
        Set<String> branches) {

    public InstalledRepository {
        branches = Set.copyOf(branches);
    }
}
