package dev.promenade.sandbox;

import static dev.promenade.sandbox.DemoUser.ALICE;
import static dev.promenade.sandbox.DemoUser.CAROL;
import static dev.promenade.sandbox.DemoUser.DEPENDABOT;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.eclipse.jgit.revwalk.RevCommit;

import dev.promenade.sandbox.SandboxRepository.Role;

/**
 * The demo history the sandbox starts with: one repository per situation the dashboard tells
 * apart. Dates are relative to the start, so the demo always looks recent.
 */
final class SandboxSeed {

    static final String PRIVATE_REPOSITORY = "acme/ledger";
    /** How many commits acme/ledger's master is ahead of its staging: more than GitHub's 250 per unpaged compare. */
    static final int LEDGER_PENDING = 300;

    private static final Map<String, Role> TEAM = Map.of("alice", Role.ADMIN, "carol", Role.WRITE, "bob", Role.READ);

    private final Instant now;

    private SandboxSeed(Instant now) {
        this.now = now;
    }

    static void plant(SandboxWorld world, Instant now) {
        SandboxSeed seed = new SandboxSeed(now);
        world.add(seed.storefront());
        world.add(seed.docs());
        world.add(seed.payments());
        world.add(seed.infra());
        world.add(seed.ledger());
        world.add(seed.unlisted());
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
        repo.commit("main", ALICE, daysAgo(50), "Terraform: base network");
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
