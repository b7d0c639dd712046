package dev.promenade.webhook;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.pipeline.ChainFile;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.Pipeline;
import dev.promenade.pipeline.PipelineStatus;
import dev.promenade.pipeline.RepositoryName;

/**
 * What a GitHub webhook event says about a pipeline: whether it touches its branches, and the new
 * heads a push names. Events about other branches, and kinds Promenade does not follow, say nothing.
 */
final class GitHubEvent {

    private static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "closed", "reopened", "edited", "synchronize");
    /** GitHub lists at most this many commits of a push in a webhook's payload. */
    private static final int LISTED_COMMITS = 2048;
    private static final String DELETED = "0000000000000000000000000000000000000000";

    private GitHubEvent() {
    }

    /** What changed: new heads by branch (from pushes), empty when only "something changed". */
    record Change(Map<String, String> heads) {
    }

    /** The repository an event is about, as {@code repository.full_name} names it. */
    static Optional<RepositoryName> repository(JsonNode payload) {
        return RepositoryName.parse(payload.path("repository").path("full_name").asText(null));
    }

    /**
     * @param known the pipeline's last known status, to recognise a commit status or check about one of its heads
     */
    static Optional<Change> change(String event, JsonNode payload, Pipeline pipeline, PipelineStatus known) {
        Set<String> branches = new LinkedHashSet<>();
        pipeline.environments().stream().map(Environment::branch).forEach(branches::add);
        Set<String> heads = new LinkedHashSet<>();
        if (known != null) {
            known.heads().forEach(head -> heads.add(head.head().sha()));
        }
        return switch (event) {
            case "push" -> {
                String ref = payload.path("ref").asText("");
                String branch = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : null;
                if (branch == null || !branches.contains(branch)) {
                    yield Optional.empty();
                }
                String after = payload.path("after").asText("");
                Map<String, String> moved = new HashMap<>();
                if (after.matches("[0-9a-f]{40}") && !after.equals(DELETED)) {
                    moved.put(branch, after);
                }
                yield Optional.of(new Change(moved));
            }
            case "pull_request" -> PULL_REQUEST_ACTIONS.contains(payload.path("action").asText(""))
                    && (branches.contains(payload.path("pull_request").path("base").path("ref").asText(""))
                            || branches.contains(payload.path("pull_request").path("head").path("ref").asText("")))
                                    ? something() : Optional.empty();
            case "status" -> heads.contains(payload.path("sha").asText("")) || anyBranch(payload.path("branches"), branches)
                    ? something() : Optional.empty();
            case "check_run" -> heads.contains(payload.path("check_run").path("head_sha").asText(""))
                    || branches.contains(payload.path("check_run").path("check_suite").path("head_branch").asText(""))
                            ? something() : Optional.empty();
            case "check_suite" -> heads.contains(payload.path("check_suite").path("head_sha").asText(""))
                    || branches.contains(payload.path("check_suite").path("head_branch").asText(""))
                            ? something() : Optional.empty();
            case "create", "delete" -> "branch".equals(payload.path("ref_type").asText(""))
                    && branches.contains(payload.path("ref").asText("")) ? something() : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * Whether the event may change how its repository shows when Promenade is a GitHub App: its chain
     * file changed on its default branch (or a push too long for GitHub to list every commit came),
     * or a branch of the default chain was created or deleted.
     */
    static boolean mayChangeChain(String event, JsonNode payload, Set<String> defaultChainBranches) {
        return switch (event) {
            case "push" -> {
                String defaultBranch = payload.path("repository").path("default_branch").asText("");
                if (defaultBranch.isEmpty() || !payload.path("ref").asText("").equals("refs/heads/" + defaultBranch)) {
                    yield false;
                }
                JsonNode commits = payload.path("commits");
                boolean touched = commits.size() >= LISTED_COMMITS;
                for (JsonNode commit : commits) {
                    for (String list : List.of("added", "modified", "removed")) {
                        for (JsonNode file : commit.path(list)) {
                            touched |= ChainFile.PATH.equals(file.asText());
                        }
                    }
                }
                yield touched;
            }
            case "create", "delete" -> "branch".equals(payload.path("ref_type").asText(""))
                    && defaultChainBranches.contains(payload.path("ref").asText(""));
            default -> false;
        };
    }

    /** The GitHub App installation a delivery came through (0: none, an OAuth App's webhook). */
    static long installation(JsonNode payload) {
        return payload.path("installation").path("id").asLong(0);
    }

    private static Optional<Change> something() {
        return Optional.of(new Change(Map.of()));
    }

    private static boolean anyBranch(JsonNode listed, Set<String> branches) {
        for (JsonNode branch : listed) {
            if (branches.contains(branch.path("name").asText(""))) {
                return true;
            }
        }
        return false;
    }
}
