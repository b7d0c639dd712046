package dev.promenade.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import dev.promenade.webhook.Deliveries;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every page as people with different means use it: axe-core finds nothing on any page, for a user
 * who may push and one who may only read, on a desktop and a phone, before and after the page
 * swaps a part in place; ids are unique; focus follows what the user did; the board lines up on a
 * desktop and runs top to bottom on a phone with targets a finger can hit. Saves the README's
 * screenshots on the way.
 */
@QuarkusTest
class AccessibilityTest {

    private static Chromium chromium;

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @Inject
    dev.promenade.pipeline.Catalog catalog;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
        chromium.browser.manage().window().setSize(Chromium.DESKTOP);
    }

    @AfterEach
    void forgetChanges() {
        chromium.assertNothingRefused();
        sandbox.reset();
        chromium.browser.manage().deleteAllCookies();
    }

    @Test
    void everyPageHasNoViolationsForAPushingAndAReadOnlyUserOnADesktopAndAPhone() {
        for (Dimension size : List.of(Chromium.DESKTOP, Chromium.PHONE)) {
            chromium.browser.manage().window().setSize(size);
            chromium.browser.get(Chromium.APP + "/");
            assertAccessible("the sign-in page, " + size);
            for (String login : List.of("alice", "bob")) {
                chromium.signInAs(login);
                chromium.browser.get(Chromium.APP + "/repos/acme/storefront/pending/production");
                String pinned = chromium.browser.findElement(By.id("pinned-link")).getAttribute("value");
                List<String> pages = List.of("/", "/?sort=oldest&show=drifting", "/?q=no-such-repository",
                        "/repos/acme/payments", "/repos/acme/infra", "/repos/acme/ledger/pending/staging",
                        "/repos/acme/ledger/pending/staging?page=3", "/repos/acme/payments/pending/production",
                        "/repos/acme/storefront/history/staging", pinned.substring(Chromium.APP.length()), "/repos/acme/nope",
                        "/sandbox/acme/storefront", "/sandbox/acme/storefront/pull/12");
                for (String path : pages) {
                    chromium.browser.get(Chromium.APP + path);
                    assertAccessible(login + " on " + path + ", " + size);
                    if (size.equals(Chromium.PHONE)) {
                        assertTargetsAFingerCanHit(login + " on " + path);
                    }
                }
                chromium.browser.get(Chromium.APP + "/");
                chromium.browser.findElement(By.id("sign-out")).click();
                chromium.await().until(driver -> driver.findElements(By.id("current-user")).isEmpty());
                assertAccessible("signed out, " + size);
                chromium.browser.manage().deleteAllCookies();
            }
        }
    }

    @Test
    void theBoardLinesUpOnADesktopAndRunsTopToBottomOnAPhone() throws IOException {
        chromium.signInAs("alice");
        chromium.browser.get(Chromium.APP + "/");
        chromium.screenshotWhole("board-desktop");
        List<WebElement> rows = chromium.browser.findElements(By.cssSelector("#repositories section.repository"));
        assertEquals(catalog.pipelines().size(), rows.size(), "alice may read every repository");
        List<Integer> columns = lefts(rows.get(0).findElements(By.cssSelector("li.env")));
        for (WebElement row : rows) {
            List<Integer> lefts = lefts(row.findElements(By.cssSelector("li.env")));
            assertEquals(columns.subList(0, lefts.size()), lefts,
                    row.getAttribute("data-repo") + ": its environments stand in the board's columns");
        }
        assertEquals("\"→\"", arrow(rows.get(0)));

        chromium.browser.manage().window().setSize(Chromium.PHONE);
        chromium.browser.get(Chromium.APP + "/");
        chromium.screenshot("board-phone");
        for (WebElement row : chromium.browser.findElements(By.cssSelector("#repositories section.repository"))) {
            List<WebElement> parts = row.findElements(By.cssSelector("ol.pipeline > li"));
            for (int i = 1; i < parts.size(); i++) {
                assertTrue(parts.get(i).getRect().getY() >= parts.get(i - 1).getRect().getY() + parts.get(i - 1).getRect()
                        .getHeight(), row.getAttribute("data-repo") + ": environment and step " + i + " one below the other");
            }
            assertEquals("\"↓\"", arrow(row), "arrows point the way the pipeline runs");
        }

        chromium.browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            for (Dimension size : List.of(Chromium.DESKTOP, Chromium.PHONE)) {
                chromium.browser.manage().window().setSize(size);
                for (String path : List.of("/", "/repos/acme/payments", "/repos/acme/storefront/pending/production")) {
                    chromium.browser.get(Chromium.APP + path);
                    assertEquals("rgb(13, 17, 23)", chromium.script("return getComputedStyle(document.body).backgroundColor;"),
                            "dark, as the system asks");
                    assertAccessible("dark mode, " + path + ", " + size);
                }
            }
            chromium.browser.manage().window().setSize(Chromium.DESKTOP);
            chromium.browser.get(Chromium.APP + "/");
            chromium.screenshot("board-dark");
        } finally {
            chromium.browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void afterPromoteFocusIsOnWhatCameOfItWhichIsReadOut() throws IOException {
        chromium.signInAs("alice");
        chromium.browser.get(Chromium.APP + "/repos/acme/storefront/pending/staging");
        chromium.screenshotWhole("pending-desktop");
        chromium.browser.get(Chromium.APP + "/");
        chromium.step("acme/storefront", "staging").findElement(By.cssSelector("button[data-action=promote]")).click();
        chromium.await().until(driver -> !chromium.step("acme/storefront", "staging")
                .findElements(By.cssSelector("[data-pull-request]")).isEmpty());
        WebElement notice = chromium.step("acme/storefront", "staging").findElement(By.cssSelector(".notice"));
        assertEquals("Opened pull request #16.", notice.getText());
        assertEquals(notice.getAttribute("id"), chromium.script("return document.activeElement.id;"));
        assertEquals("Opened pull request #16.", chromium.browser.findElement(By.id("announcer")).getAttribute("textContent"));
        assertAccessible("alice's board after Promote");
    }

    @Test
    void aReadOnlyUsersBoardStaysAccessibleWhenALiveUpdateSwapsARepositoryIn() {
        chromium.signInAs("bob");
        chromium.browser.get(Chromium.APP + "/");
        assertEquals("You need write access to acme/storefront to promote",
                chromium.step("acme/storefront", "staging").findElement(By.cssSelector(".reason")).getText());
        chromium.await().until(driver -> Boolean.TRUE.equals(chromium.script(
                "return htmx.find('#repositories')['htmx-internal-data'].sseEventSource.readyState === 1;")));
        String sha = sandbox.push("acme/payments", "master", "carol", "Live change");
        Deliveries.push(null, "acme/payments", "master", sha).then().statusCode(202);
        chromium.await().until(driver -> "2".equals(chromium.step("acme/payments", "staging").getAttribute("data-pending")));
        assertAccessible("bob's board after a live update");
    }

    @Test
    void aDivergedPromotionAsksInADialogThatNamesTheCommitsOnlyTheTargetHas() throws IOException {
        String hotfix = sandbox.headOf("acme/payments", "production").orElseThrow();
        for (Dimension size : List.of(Chromium.PHONE, Chromium.DESKTOP)) {
            chromium.browser.manage().window().setSize(size);
            chromium.signInAs("alice");
            chromium.browser.get(Chromium.APP + "/repos/acme/payments");
            String suffix = size.equals(Chromium.PHONE) ? "phone" : "desktop";
            chromium.screenshotWhole("repository-" + suffix);
            WebElement step = chromium.step("acme/payments", "production");
            assertFalse(step.findElement(By.cssSelector("label.confirm")).isDisplayed(), "the dialog asks instead");
            WebElement promote = step.findElement(By.cssSelector("button[data-action=promote]"));
            assertTrue(promote.getAttribute("class").contains("danger"));
            assertTrue(step.findElement(By.cssSelector("button[data-action=back-merge]")).isDisplayed(), "offered beside it");
            promote.click();

            WebElement dialog = chromium.browser.findElement(By.cssSelector("dialog.confirm-promote"));
            chromium.await().until(driver -> dialog.isDisplayed());
            assertTrue(dialog.getText().contains(hotfix.substring(0, 7) + " Hotfix: reject negative refund amounts"),
                    dialog.getText());
            assertAccessible("the confirmation dialog, " + size);
            chromium.screenshot("diverged-" + suffix);
            dialog.findElement(By.cssSelector("button[data-dialog=cancel]")).click();
            assertFalse(dialog.isDisplayed());
            assertEquals(List.of(), sandbox.openPullRequests("acme/payments"), "cancelled: nothing opened");
            chromium.browser.manage().deleteAllCookies();
        }
        chromium.signInAs("alice");
        chromium.browser.get(Chromium.APP + "/repos/acme/payments");
        chromium.step("acme/payments", "production").findElement(By.cssSelector("button[data-action=promote]")).click();
        chromium.browser.findElement(By.cssSelector("dialog.confirm-promote button[data-dialog=confirm]")).click();
        chromium.await().until(driver -> !chromium.step("acme/payments", "production")
                .findElements(By.cssSelector("[data-pull-request]")).isEmpty());
        assertEquals(List.of("staging → production #14"), sandbox.openPullRequests("acme/payments"));
        chromium.browser.manage().window().setSize(Chromium.PHONE);
        chromium.browser.get(Chromium.APP + "/repos/acme/storefront/pending/staging");
        chromium.screenshot("pending-phone");
    }

    /** No axe-core violation, unique ids, one main heading, the main landmark. */
    private void assertAccessible(String where) {
        Results results = new AxeBuilder().analyze(chromium.browser);
        List<String> violations = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            rule.getNodes().forEach(node -> violations.add(rule.getId() + ": " + rule.getHelp() + " at " + node.getTarget()
                    + " " + node.getHtml()));
        }
        assertEquals(List.of(), violations, where);
        assertEquals(List.of(), chromium.script("var seen = {}, twice = [];"
                + " document.querySelectorAll('[id]').forEach(function (e) { if (seen[e.id]) { twice.push(e.id); } seen[e.id] = true; });"
                + " return twice;"), where + ": ids are unique");
        assertEquals(1L, chromium.script("return document.querySelectorAll('h1').length;"), where + ": one main heading");
        assertEquals(1L, chromium.script("return document.querySelectorAll('main').length;"), where);
    }

    /** Every link, button and field on the page is at least 44 px high and wide. */
    private void assertTargetsAFingerCanHit(String where) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> small = (List<Map<String, Object>>) chromium.script("var small = [];"
                + " document.querySelectorAll('a, button, select, input:not([type=hidden]), summary').forEach(function (e) {"
                + "   var box = e.getBoundingClientRect();"
                + "   if (box.width > 0 && box.height > 0 && (box.width < 43.5 || box.height < 43.5)) {"
                + "     small.push({ what: e.outerHTML.substring(0, 80), width: box.width, height: box.height }); } });"
                + " return small;");
        assertEquals(List.of(), small, where + ": tap targets of at least 44 px");
    }

    private static List<Integer> lefts(List<WebElement> environments) {
        return environments.stream().map(environment -> environment.getRect().getX()).toList();
    }

    private String arrow(WebElement row) {
        return (String) chromium.script("return getComputedStyle(arguments[0].querySelector('li.step .arrow'), '::before').content;",
                row);
    }
}
