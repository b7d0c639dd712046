package dev.promenade.web;

import static dev.promenade.Page.environment;
import static dev.promenade.Page.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.promenade.Page;
import dev.promenade.SignIn;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;

/** The overview against the sandbox's known history (see SandboxSeed). */
@QuarkusTest
class OverviewTest {

    @Inject
    SandboxWorld sandbox;

    /** What Promenade has read of GitHub: forgotten before each test, as the sandbox is reset after each. */
    @Inject
    Snapshots snapshots;

    @BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
    }

    @Test
    void showsEveryReadableRepositoryInConfigurationOrder() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);

        assertEquals(List.of("acme/storefront", "acme/payments", "acme/docs", "acme/ledger", "acme/infra", "acme/billing"),
                page.all("section.repository").eachAttr("data-repo"));
    }

    @Test
    void theBoardSortsFiltersAndSearchesAsItsAddressSays() {
        SignIn alice = SignIn.as("alice");
        Page all = Page.of(alice.request().get("/"), 200);
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, String> oldest = new LinkedHashMap<>();
        Map<String, Set<String>> states = new LinkedHashMap<>();
        for (Element block : all.all("section.repository")) {
            String name = block.attr("data-repo");
            pending.put(name, block.select("li.step").stream().mapToInt(step -> Integer.parseInt(step.attr("data-pending"))).sum());
            oldest.put(name, block.select("li.step[data-oldest-pending]").eachAttr("data-oldest-pending").stream()
                    .min(Comparator.naturalOrder()).orElse(null));
            states.put(name, new HashSet<>(block.select("li.step").eachAttr("data-status")));
        }
        List<String> names = new ArrayList<>(pending.keySet());

        assertEquals(names.stream().sorted().toList(), shown(alice, "/?sort=name"));
        assertEquals(names.stream().sorted(Comparator.comparing((String name) -> -pending.get(name)).thenComparing(name -> name))
                .toList(), shown(alice, "/?sort=pending"));
        assertEquals(names.stream().sorted(Comparator.comparing((String name) -> oldest.get(name),
                Comparator.nullsLast(Comparator.<String>naturalOrder())).thenComparing(name -> name)).toList(),
                shown(alice, "/?sort=oldest"));
        assertEquals(names.stream().filter(name -> !states.get(name).equals(Set.of("up-to-date"))).toList(),
                shown(alice, "/?show=drifting"));
        assertEquals(names.stream().filter(name -> states.get(name).contains("diverged")).toList(), shown(alice, "/?show=diverged"));
        assertEquals(names.stream().filter(name -> name.contains("led")).toList(), shown(alice, "/?q=LED"));
        assertEquals(names, shown(alice, "/?sort=sideways&show=everything"), "an unknown choice shows the whole board");

        Page filtered = Page.of(alice.request().get("/?sort=oldest&show=drifting&q=acme"), 200);
        assertEquals("oldest", filtered.one("#board-sort option[selected]").val(), "the form shows the choice made");
        assertEquals("drifting", filtered.one("#board-show option[selected]").val());
        assertEquals("acme", filtered.one("#board-text").val());
        assertEquals("6", filtered.one("#drift-summary").attr("data-total"), "the summary is of every repository");
        assertEquals("/?sort=oldest", filtered.one("#board-shown a").attr("href"), "show all, keeping the order");
        assertEquals("No repository matches: show all 6.", Page.of(alice.request().get("/?q=nothing-like-it"), 200)
                .one("#no-repositories").text());
    }

    private static List<String> shown(SignIn user, String path) {
        return Page.of(user.request().get(path), 200).all("section.repository").eachAttr("data-repo");
    }

    @Test
    void aSummarySaysHowManyRepositoriesHaveChangesWaitingAndWhereTheOldestWaits() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);
        Element summary = page.one("#drift-summary");
        long drifting = page.all("section.repository").stream()
                .filter(block -> block.select("li.step").stream().anyMatch(step -> !"up-to-date".equals(step.attr("data-status"))))
                .count();
        assertEquals(String.valueOf(drifting), summary.attr("data-waiting"));
        assertEquals("6", summary.attr("data-total"));
        String oldest = page.all("li.step[data-oldest-pending]").stream().map(step -> step.attr("data-oldest-pending"))
                .min(String::compareTo).orElseThrow();
        Element where = page.all("li.step[data-oldest-pending=" + oldest + "]").first();
        String repository = where.closest("section.repository").attr("data-repo");
        assertTrue(summary.text().startsWith(drifting + " of 6 repositories have changes waiting; the oldest, in " + repository
                + " → " + where.attr("data-step") + ", since "), summary.text());
        assertEquals(oldest, summary.selectFirst("time").attr("datetime"));
    }

    @Test
    void eachEnvironmentShowsItsBranchHead() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);

        assertHeads(page.repository("acme/storefront"), "acme/storefront",
                List.of("test", "staging", "production"), List.of("master", "staging", "production"));
        assertHeads(page.repository("acme/infra"), "acme/infra", List.of("main", "prod"), List.of("main", "release/prod"));
        Element production = environment(page.repository("acme/payments"), "production");
        assertEquals("Hotfix: reject negative refund amounts", production.selectFirst(".head .headline").text());
        assertEquals("alice", production.selectFirst(".author").text());
        assertTrue(production.selectFirst("time").text().endsWith("days ago"));
    }

    @Test
    void eachStepShowsItsStatusAndPendingCount() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);

        assertStep(page.repository("acme/storefront"), "staging", "pending", 4);
        assertStep(page.repository("acme/storefront"), "production", "pending", 2);
        assertStep(page.repository("acme/payments"), "staging", "pending", 1);
        assertStep(page.repository("acme/payments"), "production", "diverged", 2);
        assertStep(page.repository("acme/docs"), "staging", "up-to-date", 0);
        assertStep(page.repository("acme/docs"), "production", "up-to-date", 0);
        assertStep(page.repository("acme/ledger"), "staging", "pending", 300);
        assertStep(page.repository("acme/ledger"), "production", "up-to-date", 0);
        assertStep(page.repository("acme/infra"), "prod", "behind", 0);
    }

    @Test
    void aStepLinksToItsPendingList() {
        Page page = Page.of(SignIn.as("alice").request().get("/"), 200);

        assertEquals("/repos/acme/storefront/pending/staging",
                step(page.repository("acme/storefront"), "staging").selectFirst("a").attr("href"));
        assertEquals("1 hotfix only on production",
                step(page.repository("acme/payments"), "production").selectFirst(".warning").text());
    }

    @Test
    void aPrivateRepositoryIsShownOnlyToWhoMayReadIt() {
        Page alice = Page.of(SignIn.as("alice").request().get("/"), 200);
        Page carol = Page.of(SignIn.as("carol").request().get("/"), 200);
        Page bob = Page.of(SignIn.as("bob").request().get("/"), 200);

        assertEquals("private", alice.repository("acme/ledger").selectFirst(".badge").text());
        for (Page page : List.of(carol, bob)) {
            assertEquals(List.of("acme/storefront", "acme/payments", "acme/docs", "acme/infra", "acme/billing"),
                    page.all("section.repository").eachAttr("data-repo"));
            assertTrue(page.document().text().indexOf("ledger") < 0, "not even named");
        }
    }

    private void assertHeads(Element card, String repository, List<String> environments, List<String> branches) {
        for (int i = 0; i < environments.size(); i++) {
            Element environment = environment(card, environments.get(i));
            assertEquals(sandbox.headOf(repository, branches.get(i)).orElseThrow(), environment.attr("data-sha"));
            assertEquals(branches.get(i), environment.selectFirst(".branch").text());
            assertEquals(environment.attr("data-sha").substring(0, 7), environment.selectFirst(".head code").text());
        }
    }

    private static void assertStep(Element card, String target, String status, int pending) {
        Element step = step(card, target);
        assertEquals(status, step.attr("data-status"), card.attr("data-repo") + " → " + target);
        assertEquals(String.valueOf(pending), step.attr("data-pending"), card.attr("data-repo") + " → " + target);
    }
}
