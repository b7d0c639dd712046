package dev.promenade.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.promenade.webhook.Deliveries;
import dev.promenade.pipeline.Catalog;
import dev.promenade.pipeline.RepositoryName;
import dev.promenade.pipeline.Snapshots;
import dev.promenade.sandbox.SandboxWorld;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The whole loop in a real browser (Debian's headless Chromium, installed by .ci/run): sign in,
 * Promote, the step swaps to the pull request without a reload, merge it on the sandbox's pull
 * request page, and the open overview picks up that the step is up to date.
 */
@QuarkusTest
class PromoteInBrowserTest {

    private static final String APP = Chromium.APP;

    private static Chromium chromium;
    private static WebDriver browser;

    @Inject
    SandboxWorld sandbox;

    @Inject
    Snapshots snapshots;

    @Inject
    Catalog catalog;

    @BeforeEach
    void nothingReadYet() {
        snapshots.forgetAll();
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = Chromium.start();
        browser = chromium.browser;
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void forgetChanges() {
        chromium.assertNothingRefused();
        sandbox.reset();
        browser.manage().deleteAllCookies();
    }

    @Test
    void promoteSwapsTheStepInPlaceAndMergingItLeavesItUpToDate() throws IOException {
        browser.get(APP + "/");
        browser.findElement(By.id("sign-in-alice")).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        assertEquals("alice", browser.findElement(By.id("current-user")).getText());
        screenshot("overview");

        ((JavascriptExecutor) browser).executeScript("window.promenadeSamePage = true;");
        WebElement promote = step("acme/storefront", "staging").findElement(By.cssSelector("button[data-action=promote]"));
        assertEquals("Promote 4 commits to staging", promote.getText());
        promote.click();

        await().until(driver -> !step("acme/storefront", "staging").findElements(By.cssSelector("[data-pull-request]")).isEmpty());
        WebElement swapped = step("acme/storefront", "staging");
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.promenadeSamePage === true;"),
                "the step was swapped without reloading the page");
        assertEquals("Opened pull request #16.", swapped.findElement(By.cssSelector(".notice")).getText());
        String pullRequest = swapped.findElement(By.cssSelector("[data-pull-request] a")).getAttribute("href");
        assertEquals(APP + "/sandbox/acme/storefront/pull/16", pullRequest);
        screenshot("promoted");

        browser.get(pullRequest);
        assertEquals("open", browser.findElement(By.id("pull-state")).getAttribute("data-state"));
        browser.findElement(By.id("merge")).click();
        // The merge form navigates: an element of the page being left may vanish while it is read.
        await().ignoring(org.openqa.selenium.WebDriverException.class)
                .until(driver -> "merged".equals(driver.findElement(By.id("pull-state")).getAttribute("data-state")));

        // GitHub says the branch moved (a webhook will): the page shows what it knew, then what GitHub says now.
        snapshots.markStale(catalog.find(new RepositoryName("acme", "storefront")).orElseThrow());
        browser.get(APP + "/");
        ((JavascriptExecutor) browser).executeScript("window.promenadeSamePage = true;");
        await().until(driver -> "up-to-date".equals(step("acme/storefront", "staging").getAttribute("data-status")));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.promenadeSamePage === true;"),
                "the refreshed repository was swapped into the open page");
        WebElement upToDate = step("acme/storefront", "staging");
        assertEquals("0", upToDate.getAttribute("data-pending"));
        assertEquals("up to date", upToDate.findElement(By.cssSelector(".state")).getText());
        assertTrue(upToDate.findElements(By.cssSelector("button[data-action=promote]")).isEmpty(),
                "nothing to promote: no button, the state says why");
    }

    @Test
    void signingOutInOneTabEndsTheLiveUpdatesOfTheOthersWithinTwoSeconds() {
        browser.get(APP + "/repos/acme/ledger");
        browser.findElement(By.id("sign-in-alice")).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        String ledgerTab = browser.getWindowHandle();
        JavascriptExecutor page = (JavascriptExecutor) browser;
        String streamOpen = "var source = document.querySelector('[sse-connect]')['htmx-internal-data'].sseEventSource;"
                + " return source ? source.readyState : -1;";
        await().until(driver -> Long.valueOf(1).equals(page.executeScript(streamOpen)));

        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(APP + "/");
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        long signedOut = System.nanoTime();
        await().until(driver -> driver.getCurrentUrl().contains("/signed-out"));

        browser.switchTo().window(ledgerTab);
        new WebDriverWait(browser, java.time.Duration.ofSeconds(2)).until(driver -> driver.findElement(By.id("live-ended"))
                .getText().startsWith("Your session ended"));
        assertTrue(System.nanoTime() - signedOut < java.time.Duration.ofSeconds(2).toNanos(), "within 2 s of signing out");
        assertEquals("Sign in again", browser.findElement(By.cssSelector("#live-ended a")).getText());
        assertEquals(2L, page.executeScript(streamOpen), "the page closed its stream rather than connect again");
        browser.close();
        browser.switchTo().window(browser.getWindowHandles().iterator().next());
    }

    @Test
    void aWebhookUpdatesTheOpenPageInPlaceKeepingFocusAndScroll() throws IOException {
        browser.get(APP + "/");
        browser.findElement(By.id("sign-in-alice")).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("window.promenadeSamePage = true;");
        WebElement promote = step("acme/payments", "staging").findElement(By.cssSelector("button[data-action=promote]"));
        page.executeScript("arguments[0].focus(); window.scrollTo(0, 300);", promote);
        long scrolled = ((Number) page.executeScript("return window.scrollY;")).longValue();
        // The stream is open once the page has connected; htmx marks it so.
        await().until(driver -> !driver.findElements(By.cssSelector("#repositories[sse-connect]")).isEmpty()
                && Boolean.TRUE.equals(page.executeScript(
                        "return htmx.find('#repositories')['htmx-internal-data'].sseEventSource.readyState === 1;")));

        String sha = sandbox.push("acme/payments", "master", "carol", "Live change");
        Deliveries.push(null, "acme/payments", "master", sha).then().statusCode(202);

        await().until(driver -> "2".equals(step("acme/payments", "staging").getAttribute("data-pending")));
        assertEquals(Boolean.TRUE, page.executeScript("return window.promenadeSamePage === true;"), "no reload");
        assertEquals("promote-acme--payments--staging", page.executeScript("return document.activeElement.id;"),
                "focus stays on the button it was on");
        assertEquals(scrolled, ((Number) page.executeScript("return window.scrollY;")).longValue(), "scroll kept");
        assertTrue(browser.findElement(By.id("live-note")).getAttribute("textContent").startsWith("acme/payments updated"),
                "said politely to screen readers");
        screenshot("live-update");
    }

    @Test
    void everythingFromGitHubIsShownAsTextNeverRun() {
        String headline = "<script>window.xssed = 'headline'</script><b>bold</b>";
        String author = "<img src=x onerror=\"window.xssed = 'author'\">";
        String title = "<img src=x onerror=\"window.xssed = 'title'\"> Promote";
        sandbox.pushAs("acme/payments", "master", author, "mallory@example.com", headline + "\n\nBody <svg onload=alert(1)>");
        sandbox.openPullRequest("acme/storefront", "staging", "master", title, "carol");

        browser.get(APP + "/");
        browser.findElement(By.id("sign-in-alice")).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        WebElement storefront = step("acme/storefront", "staging");
        assertTrue(storefront.getText().contains(title), "the pull request's title, as text: " + storefront.getText());

        browser.get(APP + "/repos/acme/payments/pending/staging");
        WebElement newest = browser.findElement(By.cssSelector("#pending li:last-child"));
        assertEquals(headline, newest.findElement(By.cssSelector(".headline")).getText());
        // Git itself drops < and > from author names; the rest is shown as it is.
        assertEquals(author.replace("<", "").replace(">", ""), newest.findElement(By.cssSelector(".author")).getText());

        JavascriptExecutor page = (JavascriptExecutor) browser;
        for (String path : List.of("/", "/repos/acme/payments", "/repos/acme/payments/pending/staging", "/repos/acme/storefront")) {
            browser.get(APP + path);
            assertEquals(null, page.executeScript("return window.xssed === undefined ? null : window.xssed;"), path);
            assertEquals(0L, page.executeScript("return document.querySelectorAll('img[src=\"x\"], svg[onload], b').length;"),
                    path + ": no element made of what GitHub said");
        }
    }

    @Test
    void noPageCanBeFramedSoPromoteCannotBeClickjacked() {
        browser.get(APP + "/");
        browser.findElement(By.id("sign-in-alice")).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("var frame = document.createElement('iframe'); frame.id = 'framed'; frame.src = '/repos/acme/storefront';"
                + " frame.onload = function () { window.framedLoaded = true; }; document.body.appendChild(frame);");
        await().until(driver -> Boolean.TRUE.equals(page.executeScript("return window.framedLoaded === true;")));
        Object shown = page.executeScript("try { var d = document.getElementById('framed').contentDocument;"
                + " return d !== null && d.querySelector('button[data-action=promote]') !== null; } catch (e) { return false; }");
        assertEquals(Boolean.FALSE, shown, "the browser refused to show the page in a frame, even on the same site");
        // The browser logs its refusal as a frame-ancestors violation: wanted here, so not left for the check after each test.
        chromium.forgetLog();
    }

    private static WebElement step(String repository, String target) {
        return chromium.step(repository, target);
    }

    private static WebDriverWait await() {
        return chromium.await();
    }

    private static void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }
}
