package dev.promenade.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

import dev.promenade.sandbox.SandboxRepository.Role;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.language.SourceLocation;
import graphql.schema.DataFetchingEnvironment;

/**
 * GitHub's GraphQL object types, answered from the sandbox's Git repositories. Only the fields
 * a GitHub client like Promenade reads are answered; any other field is {@code null}, which
 * graphql-java reports as an error for non-null fields.
 */
final class SandboxGraph {

    private SandboxGraph() {
    }

    /** An object of GitHub's schema, answering its fields by name. */
    interface GraphObject {
        /** The schema's name of this object's type, for fields typed by an interface (GitObject, Actor…). */
        String typeName();

        Object field(String name, DataFetchingEnvironment env);
    }

    /**
     * What one query runs with: who asks, and which repositories the sandbox's faults break.
     *
     * @param broken repositories ({@code owner/name}, lower case) GitHub fails to resolve in this query
     */
    record Request(SandboxWorld world, DemoUser viewer, Set<String> broken, int cost, SandboxLimits.Usage usage,
            int nodeCount) {

        String web() {
            return world.webUrl();
        }
    }

    /** An error as GitHub's GraphQL API words it, with its {@code type} (NOT_FOUND…) when it has one. */
    record GitHubError(String type, String message, List<Object> path, List<SourceLocation> locations)
            implements GraphQLError {

        static GitHubError at(DataFetchingEnvironment env, String type, String message) {
            return new GitHubError(type, message, env.getExecutionStepInfo().getPath().toList(),
                    List.of(env.getField().getSourceLocation()));
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public List<SourceLocation> getLocations() {
            return locations;
        }

        @Override
        public List<Object> getPath() {
            return path;
        }

        @Override
        public ErrorClassification getErrorType() {
            return ErrorClassification.errorClassification(type == null ? "ERROR" : type);
        }
    }

    /** The {@code Query} root. */
    record Root(Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "Query";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "repository" -> repository(env);
                case "viewer" -> new Account(request.viewer(), request);
                case "rateLimit" -> Map.of("cost", request.cost(), "limit", request.usage().limit(),
                        "remaining", request.usage().remaining(), "used", Math.min(request.usage().used(), request.usage().limit()),
                        "resetAt", time(request.usage().resetAt()), "nodeCount", request.nodeCount());
                default -> null;
            };
        }

        private Object repository(DataFetchingEnvironment env) {
            String owner = env.getArgument("owner");
            String name = env.getArgument("name");
            String fullName = owner + "/" + name;
            if (request.broken().contains(fullName.toLowerCase(Locale.ROOT))) {
                return DataFetcherResult.newResult().error(GitHubError.at(env, null,
                        "Something went wrong while executing your query. Please include `SANDBOX:FAULT` when reporting this issue."))
                        .build();
            }
            Optional<SandboxRepository> repo = request.world().repository(owner, name);
            Optional<Role> role = repo.flatMap(r -> r.roleOf(request.viewer().login()));
            if (repo.isEmpty() || role.isEmpty()) {
                return DataFetcherResult.newResult().error(GitHubError.at(env, "NOT_FOUND",
                        "Could not resolve to a Repository with the name '" + fullName + "'.")).build();
            }
            return new Repository(repo.get(), role.get(), request);
        }
    }

    record Repository(SandboxRepository repo, Role role, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "Repository";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "R_sandbox_" + repo.fullName();
                case "name" -> repo.name();
                case "nameWithOwner" -> repo.fullName();
                case "isPrivate" -> repo.isPrivate();
                case "visibility" -> repo.isPrivate() ? "PRIVATE" : "PUBLIC";
                case "url" -> request.web() + "/" + repo.fullName();
                case "viewerPermission" -> role.name();
                case "owner" -> new Organization(repo.owner(), request);
                case "defaultBranchRef" -> ref(repo.defaultBranch());
                case "ref" -> ref(branchOf(env.getArgument("qualifiedName")));
                case "pullRequests" -> Connection.of(pullRequests(env), env);
                case "object" -> object(env.getArgument("expression") != null ? env.getArgument("expression")
                        : env.getArgument("oid"));
                default -> null;
            };
        }

        /** A commit by SHA or branch name, or a file as {@code REV:PATH}; anything else GitHub's {@code object} names is not in the sandbox. */
        private GraphObject object(String expression) {
            if (expression == null) {
                return null;
            }
            int colon = expression.indexOf(':');
            if (colon > 0) {
                return repo.file(expression.substring(0, colon), expression.substring(colon + 1)).map(Blob::new).orElse(null);
            }
            return repo.resolve(expression).map(commit -> new Commit(repo, commit, request)).orElse(null);
        }

        private Ref ref(String branch) {
            return repo.branchHead(branch).isPresent() ? new Ref(repo, branch, request) : null;
        }

        private List<PullRequest> pullRequests(DataFetchingEnvironment env) {
            List<String> states = env.getArgument("states");
            String base = env.getArgument("baseRefName");
            String head = env.getArgument("headRefName");
            Map<String, Object> orderBy = env.getArgument("orderBy");
            Comparator<SandboxPull> order = Comparator.comparing((SandboxPull pull) -> pull.createdAt)
                    .thenComparing(pull -> pull.number);
            if (orderBy != null && "UPDATED_AT".equals(orderBy.get("field"))) {
                order = Comparator.comparing(SandboxPull::updatedAt).thenComparing(pull -> pull.number);
            }
            if (orderBy != null && "DESC".equals(orderBy.get("direction"))) {
                order = order.reversed();
            }
            return repo.pulls().stream()
                    .filter(pull -> states == null || states.contains(PullRequest.state(pull)))
                    .filter(pull -> base == null || pull.base.equals(base))
                    .filter(pull -> head == null || pull.head.equals(head))
                    .sorted(order)
                    .map(pull -> new PullRequest(repo, pull, request))
                    .toList();
        }

        private static String branchOf(String qualifiedName) {
            return qualifiedName.startsWith("refs/heads/") ? qualifiedName.substring("refs/heads/".length()) : qualifiedName;
        }
    }

    /** A branch, as {@code Repository.ref} returns it. */
    record Ref(SandboxRepository repo, String branch, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "Ref";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "REF_sandbox_" + repo.fullName() + "_" + branch;
                case "name" -> branch;
                case "prefix" -> "refs/heads/";
                case "target" -> repo.branchHead(branch).map(head -> new Commit(repo, head, request)).orElse(null);
                case "compare" -> compare(env);
                default -> null;
            };
        }

        /** {@code compare(headRef:)}: this ref is the base. */
        private Object compare(DataFetchingEnvironment env) {
            String headRef = env.getArgument("headRef");
            Optional<RevCommit> base = repo.branchHead(branch);
            Optional<RevCommit> head = repo.resolve(headRef);
            if (base.isEmpty() || head.isEmpty()) {
                return DataFetcherResult.newResult().error(GitHubError.at(env, "NOT_FOUND",
                        "Could not resolve to a Ref with the name '" + headRef + "'.")).build();
            }
            return Comparison.of(repo, base.get(), head.get(), request);
        }
    }

    /** {@code base...head}, both directions walked once. */
    record Comparison(SandboxRepository repo, RevCommit base, RevCommit head, List<RevCommit> ahead, List<RevCommit> behind,
            Request request) implements GraphObject {

        static Comparison of(SandboxRepository repo, RevCommit base, RevCommit head, Request request) {
            return new Comparison(repo, base, head, repo.only(head, base), repo.only(base, head), request);
        }

        @Override
        public String typeName() {
            return "Comparison";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "CMP_sandbox_" + base.name() + "_" + head.name();
                case "status" -> !ahead.isEmpty() && !behind.isEmpty() ? "DIVERGED" : !ahead.isEmpty() ? "AHEAD"
                        : !behind.isEmpty() ? "BEHIND" : "IDENTICAL";
                case "aheadBy" -> ahead.size();
                case "behindBy" -> behind.size();
                case "baseTarget" -> new Commit(repo, base, request);
                case "headTarget" -> new Commit(repo, head, request);
                case "commits" -> Connection.of(ahead.stream().map(commit -> new Commit(repo, commit, request)).toList(), env);
                default -> null;
            };
        }
    }

    /** A file's content, UTF-8 text as GitHub gives it (only up to 512 KB: the sandbox has no larger files). */
    record Blob(byte[] content) implements GraphObject {
        @Override
        public String typeName() {
            return "Blob";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "text" -> new String(content, java.nio.charset.StandardCharsets.UTF_8);
                case "isTruncated" -> false;
                case "isBinary" -> false;
                case "byteSize" -> content.length;
                default -> null;
            };
        }
    }

    record Commit(SandboxRepository repo, RevCommit commit, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "Commit";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "C_sandbox_" + commit.name();
                case "oid" -> commit.name();
                case "abbreviatedOid" -> commit.abbreviate(7).name();
                case "message" -> message();
                case "messageHeadline" -> message().lines().findFirst().orElse("").strip();
                case "messageBody" -> message().contains("\n") ? message().substring(message().indexOf('\n') + 1).strip() : "";
                case "authoredDate" -> time(commit.getAuthorIdent().getWhenAsInstant());
                case "committedDate" -> time(commit.getCommitterIdent().getWhenAsInstant());
                case "url", "commitUrl" -> request.web() + "/" + repo.fullName() + "/commit/" + commit.name();
                case "author" -> new GitActor(commit.getAuthorIdent(), request);
                case "committer" -> new GitActor(commit.getCommitterIdent(), request);
                case "parents" -> Connection.of(List.of(commit.getParents()).stream()
                        .map(parent -> new Commit(repo, repo.parsed(parent), request)).toList(), env);
                case "tree" -> Map.of("oid", commit.getTree().name(), "id", "T_sandbox_" + commit.getTree().name());
                case "statusCheckRollup" -> repo.checkState(commit.name())
                        .map(state -> Map.of("state", state.name(), "id", "SCR_sandbox_" + commit.name())).orElse(null);
                default -> null;
            };
        }

        private String message() {
            return commit.getFullMessage().stripTrailing();
        }
    }

    /** A commit's author or committer as Git records them, linked to an account by e-mail as GitHub does. */
    record GitActor(PersonIdent person, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "GitActor";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "name" -> person.getName();
                case "email" -> person.getEmailAddress();
                case "date" -> time(person.getWhenAsInstant());
                case "user" -> DemoUser.byEmail(person.getEmailAddress()).filter(user -> user.type().equals("User"))
                        .map(user -> new Account(user, request)).orElse(null);
                case "avatarUrl" -> DemoUser.byEmail(person.getEmailAddress()).map(user -> avatar(user, request)).orElse(null);
                default -> null;
            };
        }
    }

    /** A user or bot account (GitHub's {@code Actor} interface). */
    record Account(DemoUser user, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return user.type();
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "U_sandbox" + user.id();
                case "login" -> user.login();
                case "name" -> user.name();
                case "avatarUrl" -> avatar(user, request);
                case "url" -> request.web() + "/" + user.login();
                default -> null;
            };
        }
    }

    record Organization(String login, Request request) implements GraphObject {
        @Override
        public String typeName() {
            return "Organization";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "login" -> login;
                case "url" -> request.web() + "/" + login;
                case "id" -> "O_sandbox_" + login;
                default -> null;
            };
        }
    }

    record PullRequest(SandboxRepository repo, SandboxPull pull, Request request) implements GraphObject {
        static String state(SandboxPull pull) {
            return pull.isOpen() ? "OPEN" : pull.mergedAt != null ? "MERGED" : "CLOSED";
        }

        @Override
        public String typeName() {
            return "PullRequest";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "id" -> "PR_sandbox_" + repo.name() + "_" + pull.number;
                case "number" -> pull.number;
                case "title" -> pull.title;
                case "body" -> pull.body;
                case "url", "permalink" -> request.web() + "/" + repo.fullName() + "/pull/" + pull.number;
                case "state" -> state(pull);
                case "author" -> DemoUser.byLogin(pull.author).map(user -> new Account(user, request)).orElse(null);
                case "createdAt" -> time(pull.createdAt);
                case "updatedAt" -> time(pull.updatedAt());
                case "mergedAt" -> time(pull.mergedAt);
                case "closedAt" -> time(pull.closedAt);
                case "merged" -> pull.mergedAt != null;
                case "baseRefName" -> pull.base;
                case "headRefName" -> pull.head;
                case "baseRefOid" -> pull.baseSha;
                case "mergeCommit" -> pull.mergeCommitSha == null ? null
                        : new Commit(repo, repo.parsed(ObjectId.fromString(pull.mergeCommitSha)), request);
                case "headRefOid" -> pull.isOpen() ? repo.branchHead(pull.head).map(RevCommit::name).orElse(pull.headSha)
                        : pull.headSha;
                case "isCrossRepository", "isDraft", "locked" -> false;
                case "mergeable" -> !pull.isOpen() ? "UNKNOWN"
                        : repo.mergesCleanly(pull.base, pull.head) ? "MERGEABLE" : "CONFLICTING";
                case "mergeStateStatus" -> repo.mergeState(pull).toUpperCase(Locale.ROOT);
                default -> null;
            };
        }
    }

    /**
     * A connection over a list, paged as GitHub pages: {@code first}/{@code after} from the start,
     * {@code last}/{@code before} from the end, opaque cursors.
     */
    record Connection(List<?> all, int from, int to) implements GraphObject {

        static Connection of(List<?> all, DataFetchingEnvironment env) {
            int size = all.size();
            Integer first = env.getArgument("first");
            Integer last = env.getArgument("last");
            int from = Optional.ofNullable(decode(env.getArgument("after"))).map(after -> after + 1).orElse(0);
            int to = Optional.ofNullable(decode(env.getArgument("before"))).orElse(size);
            from = Math.max(0, Math.min(from, size));
            to = Math.max(from, Math.min(to, size));
            if (first != null) {
                to = Math.min(to, from + first);
            }
            if (last != null) {
                from = Math.max(from, to - last);
            }
            return new Connection(all, from, to);
        }

        @Override
        public String typeName() {
            return "Connection";
        }

        @Override
        public Object field(String name, DataFetchingEnvironment env) {
            return switch (name) {
                case "totalCount" -> all.size();
                case "nodes" -> all.subList(from, to);
                case "edges" -> edges();
                case "pageInfo" -> pageInfo();
                default -> null;
            };
        }

        private List<Map<String, Object>> edges() {
            List<Map<String, Object>> edges = new ArrayList<>();
            for (int i = from; i < to; i++) {
                edges.add(Map.of("cursor", cursor(i), "node", all.get(i)));
            }
            return edges;
        }

        private Map<String, Object> pageInfo() {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("hasNextPage", to < all.size());
            info.put("hasPreviousPage", from > 0);
            info.put("startCursor", from < to ? cursor(from) : null);
            info.put("endCursor", from < to ? cursor(to - 1) : null);
            return info;
        }

        private static String cursor(int index) {
            return Base64.getEncoder().encodeToString(("cursor:v2:" + index).getBytes(StandardCharsets.UTF_8));
        }

        private static Integer decode(String cursor) {
            if (cursor == null) {
                return null;
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
                return decoded.startsWith("cursor:v2:") ? Integer.valueOf(decoded.substring("cursor:v2:".length())) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** Reads a field of a {@link GraphObject}, or of a plain map for small value objects. */
    static Object fetch(DataFetchingEnvironment env) {
        String name = env.getFieldDefinition().getName();
        Object source = env.getSource();
        if (source instanceof GraphObject object) {
            return object.field(name, env);
        }
        if (source instanceof Map<?, ?> map) {
            return map.get(name);
        }
        return null;
    }

    private static String avatar(DemoUser user, Request request) {
        return request.web() + "/avatars/u/" + user.id();
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
