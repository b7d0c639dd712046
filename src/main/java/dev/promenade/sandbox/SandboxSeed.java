package dev.promenade.sandbox;

import static dev.promenade.sandbox.DemoUser.ALICE;
import static dev.promenade.sandbox.DemoUser.CAROL;
import static dev.promenade.sandbox.DemoUser.DEPENDABOT;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.revwalk.RevCommit;

import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.ChainFile;
import dev.promenade.pipeline.Environment;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.sandbox.SandboxRepository.Role;

/**
 * The demo history the sandbox starts with: one repository per situation the dashboard tells
 * apart. Dates are relative to the start, so the demo always looks recent.
 */
final class SandboxSeed {

    static final String PRIVATE_REPOSITORY = "acme/ledger";
    /** Years of daily promotions, planted only when configured (it takes a moment to generate). */
    static final RepositoryName MONOLITH = new RepositoryName("acme", "monolith");
    /** How many promotions into staging acme/monolith's history holds. */
    static final int MONOLITH_PROMOTIONS = 1200;
    /** How many commits acme/ledger's master is ahead of its staging: more than GitHub's 250 per unpaged compare. */
    static final int LEDGER_PENDING = 300;

    private static final Map<String, Role> TEAM = team();
    private static final byte[] INFRA_CHAIN = """
            environments:
              - name: main
                branch: main
              - name: prod
                branch: release/prod
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static Map<String, Role> team() {
        Map<String, Role> roles = new java.util.HashMap<>(Map.of("alice", Role.ADMIN, "carol", Role.WRITE, "bob", Role.READ));
        DemoUser.TEAM.forEach(member -> roles.put(member.login(), Role.WRITE));
        return Map.copyOf(roles);
    }

    private final Instant now;

    private SandboxSeed(Instant now) {
        this.now = now;
    }

    /**
     * Plants the demo repositories, and a generated history for every configured repository the
     * demo has no story for, so that Promenade can be tried (and measured) with any number of them.
     */
    static void plant(SandboxWorld world, Instant now, Catalog catalog) {
        SandboxSeed seed = new SandboxSeed(now);
        world.add(seed.storefront());
        world.add(seed.docs());
        world.add(seed.payments());
        world.add(seed.infra());
        world.add(seed.billing());
        world.add(seed.ledger());
        world.add(seed.unlisted());
        catalog.find(MONOLITH).ifPresent(pipeline -> world.add(fromHistory(MONOLITH, seed.monolith(), "master")));
        catalog.pipelines().parallelStream()
                .filter(pipeline -> world.repository(pipeline.repository().owner(), pipeline.repository().name()).isEmpty())
                .forEach(pipeline -> world.add(seed.generated(pipeline.repository(),
                        pipeline.environments().stream().map(Environment::branch).toList())));
    }

    /**
     * A repository with a history derived from its name: a few rounds of changes promoted through
     * the chain with merge pull requests, then what is left in flight. By the name's hash: up to
     * date, a few commits pending, a long backlog (more than a GraphQL page), a hotfix on the last
     * environment (diverged), a hotfix with nothing else pending (behind), or a target holding more
     * merge commits of past promotions than GitHub returns at once.
     */
    private SandboxRepository generated(RepositoryName name, List<String> branches) {
        int hash = Math.abs(name.fullName().toLowerCase(java.util.Locale.ROOT).hashCode());
        java.util.Random random = new java.util.Random(hash);
        SandboxRepository repo = new SandboxRepository(name.owner(), name.name(), false, branches.get(0), TEAM);
        List<DemoUser> authors = List.of(ALICE, CAROL, DemoUser.TEAM.get(hash % DemoUser.TEAM.size()));
        Instant[] clock = { daysAgo(120) };
        java.util.function.Supplier<Instant> tick = () -> clock[0] = clock[0].plus(Duration.ofMinutes(20 + random.nextInt(200)));
        RevCommit initial = repo.commit(branches.get(0), ALICE, tick.get(), "Initial commit");
        branches.subList(1, branches.size()).forEach(branch -> repo.move(branch, initial));
        int kind = hash % 6;
        int[] number = { 1 };
        int rounds = kind == 5 ? 110 : 2 + random.nextInt(4);
        for (int round = 0; round < rounds; round++) {
            int changes = 1 + random.nextInt(3);
            for (int change = 0; change < changes; change++) {
                repo.commit(branches.get(0), authors.get(random.nextInt(authors.size())), tick.get(),
                        "Change " + round + "." + change + " of " + name.name() + " (#" + number[0]++ + ")");
            }
            for (int step = 1; step < branches.size(); step++) {
                promote(repo, branches.get(step - 1), branches.get(step), number[0]++, tick.get());
            }
        }
        int pending = switch (kind) {
            case 0, 5 -> 0;
            case 2 -> 110 + random.nextInt(40);
            default -> 1 + random.nextInt(6);
        };
        for (int change = 0; change < pending; change++) {
            repo.commit(branches.get(0), authors.get(random.nextInt(authors.size())), tick.get(),
                    "Pending change " + change + " of " + name.name() + (change % 4 == 0 ? " (#" + number[0]++ + ")" : ""));
        }
        if ((kind == 1 || kind == 3) && branches.size() > 2) {
            promote(repo, branches.get(0), branches.get(1), number[0]++, tick.get());
            repo.commit(branches.get(0), CAROL, tick.get(), "Follow-up of " + name.name());
        }
        String last = branches.get(branches.size() - 1);
        if ((kind == 3 || kind == 4) && branches.size() > 1) {
            repo.commit(last, ALICE, tick.get(), "Hotfix: " + name.name() + " rejects empty payloads");
        }
        for (String branch : branches) {
            repo.branchHead(branch).ifPresent(head -> repo.addStatus(head.name(), new SandboxRepository.Status(
                    random.nextInt(8) == 0 ? "failure" : "success", "ci/build", "Build", null, clock[0])));
        }
        repo.numberPullRequestsFrom(number[0]);
        return repo;
    }

    /**
     * A generated history as a public repository of the team, with its promotion pull requests
     * merged as GitHub remembers them.
     */
    static SandboxRepository fromHistory(RepositoryName name, GeneratedHistory history, String defaultBranch) {
        SandboxRepository repo = new SandboxRepository(name.owner(), name.name(), false, defaultBranch, TEAM,
                history.repository());
        history.promotions().forEach(pull -> repo.recordMergedPull(pull.number(), pull.title(), "alice", pull.base(),
                pull.head(), pull.mergedAt().minus(Duration.ofHours(1)), pull.mergeCommit(), pull.headCommit()));
        repo.numberPullRequestsFrom(history.nextNumber());
        return repo;
    }

    /** A promotion pull request, merged with a merge commit as GitHub's button does. */
    private static void promote(SandboxRepository repo, String source, String target, int number, Instant when) {
        RevCommit head = repo.branchHead(source).orElseThrow();
        repo.merge(target, head, ALICE, when, "Merge pull request #" + number + " from " + repo.owner() + "/" + source
                + "\n\nPromote " + source + " → " + target).ifPresent(merge -> repo.recordMergedPull(number,
                        "Promote " + source + " → " + target, "alice", target, source, when.minus(Duration.ofHours(1)), merge));
    }

    /**
     * Promoted through merge PRs: master is 4 commits ahead of staging, staging 2 ahead of
     * production. Staging and production hold the merge commits of earlier promotions, which do not
     * count as drift. One commit message carries HTML; one author has no GitHub account.
     */
    private SandboxRepository storefront() {
        SandboxRepository repo = new SandboxRepository("acme", "storefront", false, "master", TEAM);
        repo.commit("master", ALICE, daysAgo(21), "Initial storefront");
        RevCommit catalogue = repo.commit("master", CAROL, daysAgo(20), "Add product catalogue (#3)");
        repo.move("staging", catalogue);
        repo.move("production", catalogue);
        repo.commit("master", CAROL, daysAgo(14), "Add search box (#5)");
        RevCommit rounding = repo.commit("master", ALICE, daysAgo(13),
                "Fix price rounding for multi-currency carts (#6)\n\nRound half-even per currency, not per line.");
        RevCommit firstPromotion = repo.merge("staging", rounding, ALICE, daysAgo(12),
                "Merge pull request #7 from acme/master\n\nPromote test → staging (2 commits)").orElseThrow();
        repo.recordMergedPull(7, "Promote test → staging (2 commits)", "alice", "staging", "master", daysAgo(13),
                firstPromotion);
        RevCommit secondPromotion = repo.merge("production", firstPromotion, ALICE, daysAgo(10),
                "Merge pull request #8 from acme/staging\n\nPromote staging → production (3 commits)").orElseThrow();
        repo.recordMergedPull(8, "Promote staging → production (3 commits)", "alice", "production", "staging",
                daysAgo(11), secondPromotion);
        RevCommit stock = repo.commit("master", CAROL, daysAgo(6), "Show stock levels on product pages (#11)");
        RevCommit thirdPromotion = repo.merge("staging", stock, CAROL, daysAgo(5),
                "Merge pull request #12 from acme/master\n\nPromote test → staging (1 commit)").orElseThrow();
        repo.recordMergedPull(12, "Promote test → staging (1 commit)", "carol", "staging", "master", daysAgo(6),
                thirdPromotion);
        // Staging's head failed its end-to-end tests, which production requires green.
        repo.addCheckRun(thirdPromotion.name(), new SandboxRepository.CheckRun(9001, "e2e", "completed", "failure",
                daysAgo(5), daysAgo(5)));
        repo.commit("master", "Build Bot", "build@ci.acme.example", daysAgo(3),
                "Escape <script>alert(\"gotcha\")</script> & other markup in product titles");
        RevCommit bump = repo.commit("master", DEPENDABOT, daysAgo(2),
                "Bump io.quarkus:quarkus-bom from 3.33.1 to 3.33.2 (#14)");
        repo.move("feature/checkout", bump);
        RevCommit checkout = repo.commit("feature/checkout", CAROL, hoursAgo(30), "New checkout flow");
        RevCommit master = repo.merge("master", checkout, CAROL, hoursAgo(20),
                "Merge pull request #15 from acme/feature/checkout\n\nNew checkout flow").orElseThrow();
        repo.addStatus(master.name(), new SandboxRepository.Status("success", "ci/build", "Build passed", null, hoursAgo(19)));
        repo.addCheckRun(master.name(), new SandboxRepository.CheckRun(9002, "unit tests", "completed", "success",
                hoursAgo(20), hoursAgo(19)));
        repo.numberPullRequestsFrom(16);
        return repo;
    }

    /**
     * Promoted by squash merges only: staging and production hold one commit per promotion and
     * none of master's. test → staging has 2 commits to promote, 6 already promoted by two squashes;
     * staging → production has 1 to promote, 1 already promoted by squash, and a real hotfix
     * committed to production after it.
     */
    private SandboxRepository billing() {
        SandboxRepository repo = new SandboxRepository("acme", "billing", false, "master", TEAM);
        RevCommit initial = repo.commit("master", ALICE, daysAgo(40), "Initial billing service");
        repo.move("staging", initial);
        repo.move("production", initial);
        repo.commit("master", CAROL, daysAgo(30), "Invoice numbering per tenant (#1)");
        repo.commit("master", ALICE, daysAgo(28), "Tax rates by region (#2)");
        RevCommit firstBatch = repo.commit("master", CAROL, daysAgo(26), "PDF invoices (#3)");
        RevCommit firstSquash = squashed(repo, 5, "Promote test → staging (3 commits)", "staging", "master", firstBatch,
                daysAgo(25));
        repo.commit("master", CAROL, daysAgo(20), "Credit notes (#4)");
        squashed(repo, 6, "Promote staging → production (1 commit)", "production", "staging", firstSquash, daysAgo(18));
        repo.commit("master", ALICE, daysAgo(15), "Dunning e-mails (#7)");
        RevCommit secondBatch = repo.commit("master", CAROL, daysAgo(12), "Usage-based pricing (#9)");
        squashed(repo, 10, "Promote test → staging (3 commits)", "staging", "master", secondBatch, daysAgo(11));
        repo.commit("master", CAROL, daysAgo(3), "Proration on plan changes (#11)");
        RevCommit head = repo.commit("master", ALICE, daysAgo(1), "Invoice e-mails in the customer's language (#12)");
        repo.addStatus(head.name(), new SandboxRepository.Status("success", "ci/build", "Build passed", null, hoursAgo(20)));
        repo.commit("production", ALICE, daysAgo(2), "Hotfix: round invoice totals half-up");
        repo.numberPullRequestsFrom(13);
        return repo;
    }

    /** A promotion pull request squashed into its base, as GitHub's "Squash and merge" does. */
    private RevCommit squashed(SandboxRepository repo, int number, String title, String base, String head, RevCommit from,
            Instant when) {
        RevCommit squash = repo.squash(base, from, ALICE, when, title + " (#" + number + ")").orElseThrow();
        repo.recordMergedPull(number, title, "alice", base, head, when.minusSeconds(3600), squash, from);
        return squash;
    }

    /** Every environment runs the same commit. */
    private SandboxRepository docs() {
        SandboxRepository repo = new SandboxRepository("acme", "docs", false, "master", TEAM);
        repo.commit("master", ALICE, daysAgo(30), "Write the getting-started guide");
        RevCommit head = repo.commit("master", CAROL, daysAgo(8), "Document the promotion process (#2)");
        repo.move("staging", head);
        repo.move("production", head);
        repo.numberPullRequestsFrom(3);
        return repo;
    }

    /**
     * Promoted by fast-forward, and a hotfix went straight to production: staging → production
     * has 2 commits pending and 1 real commit only on production.
     */
    private SandboxRepository payments() {
        SandboxRepository repo = new SandboxRepository("acme", "payments", false, "master", TEAM);
        repo.commit("master", ALICE, daysAgo(40), "Initial payments service");
        RevCommit refunds = repo.commit("master", CAROL, daysAgo(25), "Add refunds endpoint (#4)");
        repo.move("production", refunds);
        repo.commit("master", CAROL, daysAgo(9), "Retry card authorisations once (#9)");
        RevCommit latency = repo.commit("master", ALICE, daysAgo(7), "Log payment provider latency (#10)");
        repo.move("staging", latency);
        repo.addStatus(latency.name(), new SandboxRepository.Status("success", "ci/build", "Build passed", null, daysAgo(7)));
        RevCommit sepa = repo.commit("master", CAROL, daysAgo(1), "Support SEPA direct debit (#13)");
        repo.addStatus(sepa.name(), new SandboxRepository.Status("pending", "ci/build", "Build running", null, hoursAgo(2)));
        repo.commit("production", ALICE, daysAgo(4), "Hotfix: reject negative refund amounts");
        repo.numberPullRequestsFrom(14);
        return repo;
    }

    /**
     * Its own two-environment chain, deployed from {@code release/prod}, which holds a hotfix
     * main lacks: nothing to promote, a back-merge awaits.
     */
    private SandboxRepository infra() {
        SandboxRepository repo = new SandboxRepository("acme", "infra", false, "main", TEAM);
        // Its own chain, as a GitHub App finds it (an OAuth App's configuration says it instead).
        repo.commit("main", ALICE.name(), ALICE.email(), daysAgo(50), "Terraform: base network", ChainFile.PATH, INFRA_CHAIN);
        RevCommit cluster = repo.commit("main", CAROL, daysAgo(18), "Terraform: add staging cluster (#2)");
        repo.move("release/prod", cluster);
        repo.commit("release/prod", ALICE, hoursAgo(5), "Hotfix: raise database connection limit");
        repo.numberPullRequestsFrom(3);
        return repo;
    }

    /** Private to alice; master is {@value #LEDGER_PENDING} commits ahead of staging. */
    private SandboxRepository ledger() {
        SandboxRepository repo = new SandboxRepository("acme", "ledger", true, "master", Map.of("alice", Role.ADMIN));
        RevCommit initial = repo.commit("master", ALICE, daysAgo(60), "Initial ledger");
        repo.move("staging", initial);
        repo.move("production", initial);
        Instant start = daysAgo(45);
        RevCommit head = initial;
        for (int i = 1; i <= LEDGER_PENDING; i++) {
            String message = i % 10 == 0 ? "Ledger change " + i + " (#" + (100 + i) + ")" : "Ledger change " + i;
            head = repo.commit("master", i % 3 == 0 ? CAROL : ALICE, start.plus(Duration.ofHours(3L * i)), message);
        }
        repo.addStatus(head.name(), new SandboxRepository.Status("success", "ci/build", "Build passed", null, daysAgo(7)));
        repo.numberPullRequestsFrom(101 + LEDGER_PENDING);
        return repo;
    }

    /**
     * Three years of a busy team: {@value #MONOLITH_PROMOTIONS} promotions of master into staging by
     * merge pull request, every third also into production; 40 commits wait on master, and
     * production lacks staging's last two promotions.
     */
    private GeneratedHistory monolith() {
        // About 4,040 commits six hours apart: the newest two days old.
        GeneratedHistory history = new GeneratedHistory(MONOLITH.owner(), "master", daysAgo(1012), Duration.ofHours(6));
        history.fastForward("staging", "master");
        history.fastForward("production", "master");
        for (int round = 1; round <= MONOLITH_PROMOTIONS; round++) {
            for (int change = 0; change <= round % 3; change++) {
                history.commit("master", "Monolith change " + round + "." + change);
            }
            history.merge("staging", "master");
            if (round % 3 == 0 && round < MONOLITH_PROMOTIONS - 1) {
                history.merge("production", "staging");
            }
        }
        for (int change = 1; change <= 40; change++) {
            history.commit("master", "Waiting monolith change " + change);
        }
        return history;
    }

    /** Exists on the sandbox's GitHub, but is not configured in Promenade. */
    private SandboxRepository unlisted() {
        SandboxRepository repo = new SandboxRepository("acme", "unlisted", false, "master", TEAM);
        RevCommit head = repo.commit("master", ALICE, daysAgo(3), "Nobody promotes this");
        repo.move("staging", head);
        repo.move("production", head);
        return repo;
    }

    private Instant daysAgo(int days) {
        return now.minus(Duration.ofDays(days));
    }

    private Instant hoursAgo(int hours) {
        return now.minus(Duration.ofHours(hours));
    }
}
