package dev.promenade.github;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.promenade.pipeline.Commit;
import dev.promenade.pipeline.Comparison;
import dev.promenade.pipeline.PullRequest;
import dev.promenade.pipeline.RepositoryAccess;
import dev.promenade.pipeline.StepRead;

/** Promenade's records from the JSON of GitHub's GraphQL answers (see {@code github/pipelines.graphql}). */
final class GraphQLAnswers {

    private static final Set<String> PUSH = Set.of("ADMIN", "MAINTAIN", "WRITE");
    private static final Pattern NO_REPLY = Pattern.compile("(?:\\d+\\+)?([^@+]+)@users\\.noreply\\.github\\.com",
            Pattern.CASE_INSENSITIVE);

    private GraphQLAnswers() {
    }

    /** Whether a step's two comparisons compared the same two heads: a branch may move in between. */
    static boolean sameHeads(JsonNode pending, JsonNode targetOnlyComparison) {
        return targetOnlyComparison.path("baseTarget").path("oid").asText().equals(pending.path("headTarget").path("oid").asText())
                && targetOnlyComparison.path("headTarget").path("oid").asText().equals(pending.path("baseTarget").path("oid").asText());
    }

    /**
     * One step's read from its two comparisons ({@code Pending} and {@code TargetOnly} fragments),
     * comparing the same heads; without the second ({@code null}), none of the target's commits read.
     */
    static StepRead stepRead(JsonNode pending, JsonNode targetOnlyComparison, Map<String, String> carried) {
        List<Commit> preview = new ArrayList<>();
        pending.path("commits").path("nodes").forEach(node -> preview.add(commit(node)));
        String targetSha = pending.path("baseTarget").path("oid").asText();
        String sourceSha = pending.path("headTarget").path("oid").asText();
        Comparison forward = new Comparison(pending.path("aheadBy").asInt(), pending.path("behindBy").asInt(), preview);
        List<Commit> targetOnly = new ArrayList<>();
        Map<String, StepRead.Parent> parents = new HashMap<>();
        JsonNode nodes = targetOnlyComparison == null ? null : targetOnlyComparison.path("commits").path("nodes");
        for (JsonNode node : nodes == null ? List.<JsonNode>of() : nodes) {
            targetOnly.add(commit(node));
            for (JsonNode parent : node.path("parentShas").path("nodes")) {
                parents.put(parent.path("oid").asText(), new StepRead.Parent(parent.path("tree").path("oid").asText(null),
                        instant(parent.path("committedDate"))));
            }
        }
        Collections.reverse(targetOnly);
        return new StepRead(targetSha, sourceSha, forward, targetOnly, parents, null, false, carried);
    }

    /**
     * A page of a step's newest pending commits ({@code SourceWindowPage}), newest first, if it
     * compares the same two heads as {@code read}; {@code null} if a branch moved in between.
     */
    static List<Commit> windowPage(JsonNode comparison, StepRead read) {
        if (!comparison.path("baseTarget").path("oid").asText().equals(read.targetSha())
                || !comparison.path("headTarget").path("oid").asText().equals(read.sourceSha())) {
            return null;
        }
        List<Commit> page = new ArrayList<>();
        comparison.path("commits").path("nodes").forEach(node -> page.add(commit(node)));
        Collections.reverse(page);
        return page;
    }

    static RepositoryAccess access(JsonNode repository) {
        String permission = repository.path("viewerPermission").asText("READ");
        return new RepositoryAccess(true, PUSH.contains(permission), repository.path("isPrivate").asBoolean(false),
                repository.path("url").asText(null));
    }

    /**
     * A commit as GraphQL gives it. {@code GitActor.user} is never a bot, so a bot's login is read
     * from its GitHub no-reply address ({@code 49699333+dependabot[bot]@users.noreply.github.com}),
     * as GitHub itself links it.
     */
    static Commit commit(JsonNode node) {
        JsonNode author = node.path("author");
        JsonNode user = author.path("user");
        Matcher noReply = NO_REPLY.matcher(author.path("email").asText(""));
        List<String> parents = new ArrayList<>();
        node.path("parentShas").path("nodes").forEach(parent -> parents.add(parent.path("oid").asText()));
        return new Commit(node.path("oid").asText(), node.path("message").asText(""),
                user.isObject() ? user.path("login").asText(null) : noReply.matches() ? noReply.group(1) : null,
                author.path("name").asText(null),
                user.isObject() ? user.path("avatarUrl").asText(null) : null,
                instant(author.path("date")),
                instant(node.path("committedDate")),
                node.path("url").asText(null),
                node.path("parents").path("totalCount").asInt(node.path("parentShas").path("totalCount").asInt(0)),
                node.path("tree").path("oid").asText(null),
                parents);
    }

    static PullRequest pullRequest(JsonNode node) {
        String mergeState = node.path("mergeStateStatus").asText(null);
        return new PullRequest(node.path("number").asInt(), node.path("title").asText(""), node.path("url").asText(null),
                node.path("state").asText("").equals("OPEN") ? "open" : "closed",
                node.path("author").path("login").asText(null),
                node.path("baseRefName").asText(null), node.path("headRefName").asText(null),
                instant(node.path("createdAt")), instant(node.path("mergedAt")),
                mergeState == null ? null : mergeState.toLowerCase(Locale.ROOT));
    }

    /**
     * For the merged pull requests from the repository itself (not a fork) of a connection: their
     * merge (or squash) commit, and the head it carried.
     */
    static Map<String, String> carried(JsonNode connection) {
        Map<String, String> carried = new HashMap<>();
        for (JsonNode node : connection.path("nodes")) {
            String merge = node.path("mergeCommit").path("oid").asText(null);
            String head = node.path("headRefOid").asText(null);
            if (!node.path("isCrossRepository").asBoolean(false) && merge != null && head != null) {
                carried.put(merge, head);
            }
        }
        return carried;
    }

    /** The first pull request from the repository itself (not a fork); of merged ones, the last merged. */
    static PullRequest first(JsonNode connection, boolean lastMerged) {
        PullRequest found = null;
        for (JsonNode node : connection.path("nodes")) {
            if (node.path("isCrossRepository").asBoolean(false)) {
                continue;
            }
            PullRequest candidate = pullRequest(node);
            if (found == null || (lastMerged && candidate.mergedAt() != null
                    && (found.mergedAt() == null || candidate.mergedAt().isAfter(found.mergedAt())))) {
                found = candidate;
            }
            if (!lastMerged) {
                break;
            }
        }
        return found;
    }

    /** GitHub's DateTime ({@code …Z}) and GitTimestamp ({@code …+02:00}) alike. */
    static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The first error GitHub gave for each alias at the top of the query ({@code r0}…). */
    static Map<String, JsonNode> errorsByAlias(JsonNode body) {
        Map<String, JsonNode> errors = new HashMap<>();
        for (JsonNode error : body.path("errors")) {
            JsonNode path = error.path("path");
            if (path.isArray() && !path.isEmpty()) {
                errors.putIfAbsent(path.get(0).asText(), error);
            }
        }
        return errors;
    }

    /** GitHub says NOT_FOUND for a repository that does not exist and one the viewer may not read, alike. */
    static boolean isUnreadable(JsonNode error) {
        String type = error == null ? "" : error.path("type").asText("");
        return type.equals("NOT_FOUND") || type.equals("FORBIDDEN");
    }
}
