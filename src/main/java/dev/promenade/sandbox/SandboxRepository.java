package dev.promenade.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ThreeWayMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One sandbox repository: real Git objects in memory, with GitHub's notion of who may read and
 * push. Access is synchronized: JGit's in-memory repository is shared by concurrent requests.
 */
final class SandboxRepository {

    enum Role {
        READ, WRITE, ADMIN
    }

    private final String owner;
    private final String name;
    private final boolean isPrivate;
    private final String defaultBranch;
    private final Map<String, Role> roles;
    private final InMemoryRepository git;
    private final List<SandboxPull> pulls = new ArrayList<>();
    private final Map<String, List<Status>> statuses = new HashMap<>();
    private final Map<String, List<CheckRun>> checkRuns = new HashMap<>();
    private int nextNumber;
    /** Walks already done, the most recent kept: GitHub answers the same comparison fast the second time too. */
    private final Map<String, List<RevCommit>> walks = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<RevCommit>> eldest) {
            return size() > 200;
        }
    };

    /** A commit status, as CI posts it. */
    record Status(String state, String context, String description, String targetUrl, Instant createdAt) {
    }

    /** A check run, as a GitHub App reports it. */
    record CheckRun(long id, String name, String status, String conclusion, Instant startedAt, Instant completedAt) {
    }

    SandboxRepository(String owner, String name, boolean isPrivate, String defaultBranch, Map<String, Role> roles) {
        this(owner, name, isPrivate, defaultBranch, roles, new InMemoryRepository(new DfsRepositoryDescription(owner + "/" + name)));
    }

    /** A repository holding a history made elsewhere ({@link GeneratedHistory}). */
    SandboxRepository(String owner, String name, boolean isPrivate, String defaultBranch, Map<String, Role> roles,
            InMemoryRepository git) {
        this.owner = owner;
        this.name = name;
        this.isPrivate = isPrivate;
        this.defaultBranch = defaultBranch;
        this.roles = new java.util.concurrent.ConcurrentHashMap<>(roles);
        this.git = git;
        this.nextNumber = 1;
    }

    String owner() {
        return owner;
    }

    String name() {
        return name;
    }

    String fullName() {
        return owner + "/" + name;
    }

    boolean isPrivate() {
        return isPrivate;
    }

    String defaultBranch() {
        return defaultBranch;
    }

    /** The user is no longer a collaborator (an admin removed them, or their team). */
    void remove(String login) {
        roles.remove(login);
    }

    /** What a user may do; everyone reads a public repository, as on GitHub. */
    Optional<Role> roleOf(String login) {
        if (DemoUser.APP.login().equals(login)) {
            // Installed here with read access to contents, pull requests, statuses and checks.
            return Optional.of(Role.READ);
        }
        Role role = roles.get(login);
        if (role == null && !isPrivate) {
            return Optional.of(Role.READ);
        }
        return Optional.ofNullable(role);
    }

    /** Commits a new file on top of {@code branch} (creating it from nothing when absent) and moves the branch. */
    synchronized RevCommit commit(String branch, DemoUser author, Instant when, String message) {
        return commit(branch, author.name(), author.email(), when, message);
    }

    synchronized RevCommit commit(String branch, String authorName, String authorEmail, Instant when, String message) {
        // Every commit adds its own file, so branches never conflict when merged.
        String path = "changes/" + when.toEpochMilli() + "-" + Integer.toHexString(message.hashCode()) + ".md";
        return commit(branch, authorName, authorEmail, when, message, path, message.getBytes(StandardCharsets.UTF_8));
    }

    /** Commits {@code content} at {@code path} (added or replaced) on top of {@code branch}, and moves the branch. */
    synchronized RevCommit commit(String branch, String authorName, String authorEmail, Instant when, String message,
            String path, byte[] content) {
        try (ObjectInserter inserter = git.newObjectInserter(); ObjectReader reader = git.newObjectReader()) {
            ObjectId parent = git.resolve(Constants.R_HEADS + branch);
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                try (RevWalk walk = new RevWalk(reader)) {
                    builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, walk.parseCommit(parent).getTree());
                }
            }
            builder.finish();
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit(path) {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(blob);
                }
            });
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            PersonIdent person = new PersonIdent(authorName, authorEmail, when, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(person);
            commit.setCommitter(person);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            move(branch, id);
            return parse(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Merges {@code head} into {@code base} with a merge commit, as GitHub's merge button does.
     *
     * @return the merge commit, or empty when the trees conflict
     */
    synchronized Optional<RevCommit> merge(String base, ObjectId head, DemoUser by, Instant when, String message) {
        return merge(base, head, by, when, message, false);
    }

    /**
     * Squashes {@code head} into {@code base}, as GitHub's "Squash and merge" does: one new commit
     * on {@code base} holding the merged tree, with {@code base}'s head as its only parent.
     *
     * @return the squash commit, or empty when the trees conflict
     */
    synchronized Optional<RevCommit> squash(String base, ObjectId head, DemoUser by, Instant when, String message) {
        return merge(base, head, by, when, message, true);
    }

    private Optional<RevCommit> merge(String base, ObjectId head, DemoUser by, Instant when, String message, boolean squash) {
        try (ObjectInserter inserter = git.newObjectInserter()) {
            ObjectId baseId = git.resolve(Constants.R_HEADS + base);
            ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(git, true);
            if (!merger.merge(baseId, head)) {
                return Optional.empty();
            }
            PersonIdent person = new PersonIdent(by.name(), by.email(), when, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            if (squash) {
                commit.setParentId(baseId);
            } else {
                commit.setParentIds(baseId, head);
            }
            commit.setAuthor(person);
            commit.setCommitter(person);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            move(base, id);
            return Optional.of(parse(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points a branch at a commit, creating the branch when needed. */
    synchronized void move(String branch, ObjectId commit) {
        try {
            RefUpdate update = git.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED
                    && result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NO_CHANGE) {
                throw new IllegalStateException("Could not move " + branch + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Optional<RevCommit> branchHead(String branch) {
        try {
            ObjectId id = git.resolve(Constants.R_HEADS + branch);
            return id == null ? Optional.empty() : Optional.of(parse(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Map<String, RevCommit> branches() {
        try {
            Map<String, RevCommit> branches = new TreeMap<>();
            for (Ref ref : git.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
                branches.put(ref.getName().substring(Constants.R_HEADS.length()), parse(ref.getObjectId()));
            }
            return branches;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A commit named as GitHub's compare accepts it: a branch (optionally {@code owner:branch} or
     * {@code refs/heads/branch}) or a full or abbreviated SHA.
     */
    synchronized Optional<RevCommit> resolve(String spec) {
        String name = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : spec;
        name = name.startsWith(Constants.R_HEADS) ? name.substring(Constants.R_HEADS.length()) : name;
        try {
            ObjectId branch = git.resolve(Constants.R_HEADS + name);
            if (branch != null) {
                return Optional.of(parse(branch));
            }
            if (name.matches("[0-9a-f]{7,40}")) {
                ObjectId id = git.resolve(name);
                if (id != null && git.getObjectDatabase().has(id)) {
                    return Optional.of(parse(id));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A file's content at a commit ({@code HEAD}: the default branch's head), as GitHub's {@code object(expression: "REV:PATH")}. */
    synchronized Optional<byte[]> file(String revision, String path) {
        Optional<RevCommit> commit = resolve("HEAD".equals(revision) ? defaultBranch : revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        try (TreeWalk walk = TreeWalk.forPath(git, path, commit.get().getTree())) {
            return walk == null || walk.getFileMode(0) != FileMode.REGULAR_FILE ? Optional.empty()
                    : Optional.of(git.open(walk.getObjectId(0)).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code git log base..head}, oldest first, parents before children. Two commits always give the same list. */
    synchronized List<RevCommit> only(ObjectId head, ObjectId base) {
        return walks.computeIfAbsent(head.name() + ".." + base.name(), key -> walk(head, base));
    }

    private List<RevCommit> walk(ObjectId head, ObjectId base) {
        try (RevWalk walk = new RevWalk(git)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(head));
            walk.markUninteresting(walk.parseCommit(base));
            List<RevCommit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(commit);
            }
            return List.copyOf(commits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized Optional<RevCommit> mergeBase(ObjectId a, ObjectId b) {
        try (RevWalk walk = new RevWalk(git)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            RevCommit base = walk.next();
            return base == null ? Optional.empty() : Optional.of(parse(base));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Paths that differ between two commits' trees, for the compare's {@code files}. */
    synchronized List<String> changedPaths(ObjectId from, ObjectId to) {
        try (TreeWalk walk = new TreeWalk(git)) {
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            walk.addTree(parse(from).getTree());
            walk.addTree(parse(to).getTree());
            List<String> paths = new ArrayList<>();
            while (walk.next()) {
                paths.add(walk.getPathString());
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issues and pull requests share their numbers; seeded history used some already. */
    synchronized void numberPullRequestsFrom(int next) {
        nextNumber = Math.max(nextNumber, next);
    }

    /** Opens it, unless a pull request of the same head and base is open: one open pull request per pair, as on GitHub. */
    synchronized Optional<SandboxPull> openPullUnlessOpen(String title, String body, String author, String base, String head,
            Instant when) {
        if (pulls.stream().anyMatch(pull -> pull.isOpen() && pull.base.equals(base) && pull.head.equals(head))) {
            return Optional.empty();
        }
        return Optional.of(openPull(title, body, author, base, head, when));
    }

    synchronized SandboxPull openPull(String title, String body, String author, String base, String head, Instant when) {
        SandboxPull pull = new SandboxPull(nextNumber++, title, body, author, base, head, when);
        pull.baseSha = branchHead(base).map(RevCommit::name).orElse(null);
        pull.headSha = branchHead(head).map(RevCommit::name).orElse(null);
        pulls.add(pull);
        return pull;
    }

    /** A merged pull request of the seeded past, whose merge commit already exists. */
    synchronized SandboxPull recordMergedPull(int number, String title, String author, String base, String head,
            Instant openedAt, RevCommit merge) {
        return recordMergedPull(number, title, author, base, head, openedAt, merge, merge.getParent(1));
    }

    /** A merged pull request of a generated past, by the SHAs of its merge (or squash) commit and head. */
    synchronized SandboxPull recordMergedPull(int number, String title, String author, String base, String head,
            Instant openedAt, String merge, String headCommit) {
        try {
            return recordMergedPull(number, title, author, base, head, openedAt, parse(ObjectId.fromString(merge)),
                    parse(ObjectId.fromString(headCommit)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A commit with its headers and tree read, however it was found. */
    synchronized RevCommit parsed(ObjectId commit) {
        try {
            return parse(commit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A merged pull request of the seeded past, merged (or squashed) into {@code merge} from {@code headCommit}. */
    synchronized SandboxPull recordMergedPull(int number, String title, String author, String base, String head,
            Instant openedAt, RevCommit merge, RevCommit headCommit) {
        SandboxPull pull = new SandboxPull(number, title, "", author, base, head, openedAt);
        pull.state = "closed";
        pull.mergedAt = merge.getCommitterIdent().getWhenAsInstant();
        pull.closedAt = pull.mergedAt;
        pull.mergedBy = author;
        pull.mergeCommitSha = merge.name();
        pull.baseSha = merge.getParent(0).name();
        pull.headSha = headCommit.name();
        pulls.add(pull);
        nextNumber = Math.max(nextNumber, number + 1);
        return pull;
    }

    synchronized List<SandboxPull> pulls() {
        return List.copyOf(pulls);
    }

    synchronized Optional<SandboxPull> pull(int number) {
        return pulls.stream().filter(pull -> pull.number == number).findFirst();
    }

    /**
     * Merges an open pull request with a merge commit, as GitHub's Merge button does.
     *
     * @return whether it merged (it does not when closed already or conflicting)
     */
    synchronized boolean mergePull(int number, DemoUser by, Instant when) {
        return mergePull(number, by, when, false);
    }

    /**
     * Merges an open pull request with a merge commit, or squashes it into one commit titled
     * "{title} (#{number})" as GitHub's "Squash and merge" does.
     */
    synchronized boolean mergePull(int number, DemoUser by, Instant when, boolean squash) {
        Optional<SandboxPull> found = pull(number).filter(SandboxPull::isOpen);
        Optional<RevCommit> head = found.flatMap(pull -> branchHead(pull.head));
        if (found.isEmpty() || head.isEmpty()) {
            return false;
        }
        SandboxPull pull = found.get();
        Optional<RevCommit> merge = squash
                ? squash(pull.base, head.get(), by, when, pull.title + " (#" + pull.number + ")")
                : merge(pull.base, head.get(), by, when,
                        "Merge pull request #" + pull.number + " from " + owner + "/" + pull.head + "\n\n" + pull.title);
        if (merge.isEmpty()) {
            return false;
        }
        pull.state = "closed";
        pull.mergedAt = when;
        pull.closedAt = when;
        pull.mergedBy = by.login();
        pull.mergeCommitSha = merge.get().name();
        pull.headSha = head.get().name();
        // CI runs again on the merge commit and, the content being the head's, reports what it reported there.
        statuses(head.get().name()).forEach(status -> addStatus(merge.get().name(), new Status(status.state(), status.context(),
                status.description(), status.targetUrl(), when)));
        checkRuns.getOrDefault(head.get().name(), List.of()).forEach(run -> checkRuns.computeIfAbsent(merge.get().name(),
                k -> new ArrayList<>()).add(run));
        return true;
    }

    /** Whether {@code head} merges into {@code base} without conflicts, without changing anything. */
    synchronized boolean mergesCleanly(String base, String head) {
        try {
            ObjectId baseId = git.resolve(Constants.R_HEADS + base);
            ObjectId headId = git.resolve(Constants.R_HEADS + head);
            if (baseId == null || headId == null) {
                return false;
            }
            ThreeWayMerger merger = MergeStrategy.RECURSIVE.newMerger(git, true);
            return merger.merge(baseId, headId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * GitHub's {@code mergeable_state} of a pull request: {@code dirty} when it conflicts,
     * {@code unstable} when its head's checks fail, {@code clean} otherwise; {@code unknown} once closed.
     */
    synchronized String mergeState(SandboxPull pull) {
        if (!pull.isOpen()) {
            return "unknown";
        }
        if (!mergesCleanly(pull.base, pull.head)) {
            return "dirty";
        }
        String sha = branchHead(pull.head).map(RevCommit::name).orElse("");
        return rollup(sha) == CheckState.FAILURE ? "unstable" : "clean";
    }

    /** What GitHub's status check rollup says of a commit's statuses and check runs together. */
    enum CheckState {
        SUCCESS, PENDING, FAILURE
    }

    /** The combined state of a commit's statuses and check runs, empty when none was reported. */
    synchronized Optional<CheckState> checkState(String sha) {
        List<Status> latest = statuses(sha);
        List<CheckRun> runs = checkRuns.getOrDefault(sha, List.of());
        if (latest.isEmpty() && runs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(rollup(sha));
    }

    private CheckState rollup(String sha) {
        List<Status> latest = statuses(sha);
        List<CheckRun> runs = checkRuns.getOrDefault(sha, List.of());
        boolean failed = latest.stream().anyMatch(s -> s.state().equals("failure") || s.state().equals("error"))
                || runs.stream().anyMatch(r -> "completed".equals(r.status())
                        && !List.of("success", "neutral", "skipped").contains(r.conclusion()));
        boolean running = latest.stream().anyMatch(s -> s.state().equals("pending"))
                || runs.stream().anyMatch(r -> !"completed".equals(r.status()));
        return failed ? CheckState.FAILURE : running ? CheckState.PENDING : CheckState.SUCCESS;
    }

    synchronized void addStatus(String sha, Status status) {
        statuses.computeIfAbsent(sha, k -> new ArrayList<>()).add(status);
    }

    synchronized void addCheckRun(String sha, CheckRun run) {
        checkRuns.computeIfAbsent(sha, k -> new ArrayList<>()).add(run);
    }

    /** The latest status per context, as GitHub's combined status counts them. */
    synchronized List<Status> statuses(String sha) {
        Map<String, Status> latest = new LinkedHashMap<>();
        statuses.getOrDefault(sha, List.of()).forEach(status -> latest.put(status.context(), status));
        return List.copyOf(latest.values());
    }

    synchronized List<CheckRun> checkRuns(String sha) {
        return List.copyOf(checkRuns.getOrDefault(sha, List.of()));
    }

    private RevCommit parse(ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            RevCommit commit = walk.parseCommit(id);
            for (RevCommit parent : commit.getParents()) {
                walk.parseHeaders(parent);
            }
            return commit;
        }
    }
}
