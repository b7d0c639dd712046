package dev.promenade.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

import dev.promenade.pipeline.Commit;

/**
 * A repository's history built fast and at any length, as years of a team's work leave it: changes
 * on the first branch, promotions into the next ones by merge commit, squash or fast-forward,
 * hotfixes, back-merges. Every commit adds a file of its own, in folders of a few dozen entries, so
 * that a commit rewrites a handful of small trees however many files there are, branches never
 * conflict, and a merge holds both sides' files, as Git's merge would make it. Time moves on by a
 * fixed step per commit.
 */
public final class GeneratedHistory {

    private static final PersonIdent NOBODY = new PersonIdent("Alice Example", "alice@example.com");

    private final InMemoryRepository git;
    /**
     * One inserter for the whole history, flushed only when the repository is handed over: each flush of
     * an in-memory repository makes a pack of its own, and lookups grow with the number of packs.
     */
    private final ObjectInserter inserter;
    /** Reads what the inserter holds, flushed or not. */
    private final ObjectReader reader;
    /** Branch heads, written as refs when the repository is handed over (refs must name flushed objects). */
    private final Map<String, ObjectId> branches = new TreeMap<>();
    private final String owner;
    private final Duration step;
    private final List<MergedPromotion> promotions = new ArrayList<>();
    private Instant now;
    private int files;
    private int number = 1;

    /** A promotion pull request the history merged (or squashed), as GitHub would remember it. */
    public record MergedPromotion(int number, String title, String base, String head, String mergeCommit, String headCommit,
            Instant mergedAt) {
    }

    /**
     * @param branch the first branch, which gets the initial commit; the others start at it when first used
     */
    public GeneratedHistory(String owner, String branch, Instant start, Duration step) {
        this.git = new InMemoryRepository(new DfsRepositoryDescription(owner + "/generated"));
        this.inserter = git.newObjectInserter();
        this.reader = inserter.newReader();
        this.owner = owner;
        this.step = step;
        this.now = start;
        commit(branch, "Initial commit");
    }

    /** A new commit on {@code branch}: returns its SHA. */
    public String commit(String branch, String message) {
        return commit(branch, message, null);
    }

    /**
     * A commit whose author date is {@code authored}, as a rebase or a cherry-pick keeps it, while
     * its committer date is now: returns its SHA.
     */
    public String commit(String branch, String message, Instant authored) {
        ObjectId parent = resolve(branch);
        ObjectId tree = withFile(parent == null ? null : tree(parent), message);
        return write(branch, tree, message, authored, parent == null ? new ObjectId[0] : new ObjectId[] { parent }).name();
    }

    /** Starts {@code branch} at the head of {@code from}, or moves it there (a fast-forward promotion). */
    public void fastForward(String branch, String from) {
        move(branch, resolve(from));
    }

    /** Merges {@code source} into {@code target} with a merge commit, as GitHub's merge button does a promotion's. */
    public String merge(String target, String source) {
        int pull = number++;
        String title = "Promote " + source + " → " + target;
        ObjectId head = resolve(source);
        RevCommit merge = write(target, merged(resolve(target), head), "Merge pull request #" + pull + " from " + owner + "/"
                + source + "\n\n" + title, null, resolve(target), head);
        promotions.add(new MergedPromotion(pull, title, target, source, merge.name(), head.name(), now));
        return merge.name();
    }

    /** Squashes {@code source} into {@code target}, as GitHub's "Squash and merge" does a promotion's: one new commit. */
    public String squash(String target, String source) {
        int pull = number++;
        String title = "Promote " + source + " → " + target;
        ObjectId head = resolve(source);
        RevCommit squash = write(target, merged(resolve(target), head), title + " (#" + pull + ")", null, resolve(target));
        promotions.add(new MergedPromotion(pull, title, target, source, squash.name(), head.name(), now));
        return squash.name();
    }

    public String head(String branch) {
        return resolve(branch).name();
    }

    /** The promotion pull requests merged so far, oldest first. */
    public List<MergedPromotion> promotions() {
        return List.copyOf(promotions);
    }

    /** The pull request number the next promotion will get. */
    public int nextNumber() {
        return number;
    }

    /**
     * {@code git log base..head}, oldest first and parents before children, as GitHub lists a
     * comparison: each commit with its tree, parents and both dates.
     */
    public List<Commit> log(String base, String head) {
        try (RevWalk walk = new RevWalk(reader)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            walk.markStart(walk.parseCommit(resolveSpec(head)));
            walk.markUninteresting(walk.parseCommit(resolveSpec(base)));
            List<Commit> commits = new ArrayList<>();
            for (RevCommit commit : walk) {
                commits.add(commit(commit));
            }
            return commits;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A commit by its SHA, with its tree, parents and both dates. */
    public Commit lookUp(String sha) {
        try (RevWalk walk = new RevWalk(reader)) {
            return commit(walk.parseCommit(ObjectId.fromString(sha)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository, with everything written so far in it and its branches. */
    InMemoryRepository repository() {
        try (RevWalk walk = new RevWalk(git)) {
            inserter.flush();
            for (Map.Entry<String, ObjectId> branch : branches.entrySet()) {
                RefUpdate update = git.updateRef(Constants.R_HEADS + branch.getKey());
                update.setNewObjectId(branch.getValue());
                update.setForceUpdate(true);
                RefUpdate.Result result = update.update(walk);
                if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE
                        && result != RefUpdate.Result.FAST_FORWARD) {
                    throw new IllegalStateException("Could not write " + branch.getKey() + ": " + result);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return git;
    }

    private static Commit commit(RevCommit commit) {
        List<String> parents = new ArrayList<>();
        for (RevCommit parent : commit.getParents()) {
            parents.add(parent.name());
        }
        PersonIdent author = commit.getAuthorIdent();
        return new Commit(commit.name(), commit.getFullMessage(), null, author.getName(), null, author.getWhenAsInstant(),
                commit.getCommitterIdent().getWhenAsInstant(), null, parents.size(), commit.getTree().name(), parents);
    }

    /**
     * What Git's merge of two heads holds in this history: every file of the source, and the files
     * only the target has (its own changes: no file is ever changed or removed, so nothing conflicts).
     */
    private ObjectId merged(ObjectId target, ObjectId source) {
        ObjectId tree = tree(source);
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.setRecursive(true);
            walk.setFilter(TreeFilter.ANY_DIFF);
            walk.addTree(tree(target));
            walk.addTree(tree);
            Map<String, ObjectId> onlyTarget = new TreeMap<>();
            while (walk.next()) {
                if (walk.getFileMode(1) == FileMode.MISSING) {
                    onlyTarget.put(walk.getPathString(), walk.getObjectId(0));
                }
            }
            for (Map.Entry<String, ObjectId> file : onlyTarget.entrySet()) {
                tree = withEntry(tree, file.getKey().split("/"), 0, file.getValue());
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tree} with one more file, of its own, holding {@code message}. */
    private ObjectId withFile(ObjectId tree, String message) {
        int file = files++;
        String path = "changes/" + (file % 32) + "/" + (file / 32 % 32) + "/" + file + ".md";
        try {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, message.getBytes(StandardCharsets.UTF_8));
            return withEntry(tree, path.split("/"), 0, blob);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tree} (or none) with the blob at {@code path[from..]}, rewriting only the trees on the way. */
    private ObjectId withEntry(ObjectId tree, String[] path, int from, ObjectId blob) throws IOException {
        // Git orders a tree's entries by name, a folder's as if it ended in "/".
        TreeMap<String, Entry> entries = new TreeMap<>();
        if (tree != null) {
            CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
            for (; !parser.eof(); parser.next()) {
                Entry entry = new Entry(parser.getEntryPathString(), parser.getEntryFileMode(), parser.getEntryObjectId());
                entries.put(entry.key(), entry);
            }
        }
        Entry added;
        if (from == path.length - 1) {
            added = new Entry(path[from], FileMode.REGULAR_FILE, blob);
        } else {
            Entry folder = entries.get(path[from] + "/");
            added = new Entry(path[from], FileMode.TREE, withEntry(folder == null ? null : folder.id(), path, from + 1, blob));
        }
        entries.put(added.key(), added);
        TreeFormatter formatter = new TreeFormatter();
        entries.values().forEach(entry -> formatter.append(entry.name(), entry.mode(), entry.id()));
        return inserter.insert(formatter);
    }

    private record Entry(String name, FileMode mode, ObjectId id) {
        String key() {
            return mode == FileMode.TREE ? name + "/" : name;
        }
    }

    private RevCommit write(String branch, ObjectId tree, String message, Instant authored, ObjectId... parents) {
        now = now.plus(step);
        PersonIdent committer = new PersonIdent(NOBODY, now, ZoneOffset.UTC);
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(tree);
        commit.setParentIds(parents);
        commit.setAuthor(authored == null ? committer : new PersonIdent(NOBODY, authored, ZoneOffset.UTC));
        commit.setCommitter(committer);
        commit.setMessage(message);
        try (RevWalk walk = new RevWalk(reader)) {
            ObjectId id = inserter.insert(commit);
            move(branch, id);
            return walk.parseCommit(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void move(String branch, ObjectId commit) {
        branches.put(branch, commit.copy());
    }

    private ObjectId resolve(String branch) {
        return branches.get(branch);
    }

    private ObjectId resolveSpec(String spec) {
        ObjectId branch = resolve(spec);
        return branch != null ? branch : ObjectId.fromString(spec);
    }

    private ObjectId tree(ObjectId commit) {
        try (RevWalk walk = new RevWalk(reader)) {
            return walk.parseCommit(commit).getTree().getId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
