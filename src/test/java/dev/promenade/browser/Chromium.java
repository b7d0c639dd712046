package dev.promenade.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.promenade.Packages;

/**
 * Debian's headless Chromium (installed by .ci/run), driven against the test application: one per
 * test class, with what every browser test needs.
 */
final class Chromium implements AutoCloseable {

    static final String APP = "http://localhost:8081";
    static final Dimension DESKTOP = new Dimension(1440, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    private static final String BINARY = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriverService service;
    final ChromeDriver browser;

    private Chromium(ChromeDriverService service, ChromeDriver browser) {
        this.service = service;
        this.browser = browser;
    }

    static Chromium start() throws IOException {
        Packages.require("chromium chromium-driver", BINARY, DRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        service.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1400,1000", "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory("promenade-chromium"));
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        return new Chromium(service, new ChromeDriver(service, options));
    }

    @Override
    public void close() {
        browser.quit();
        service.stop();
    }

    void signInAs(String login) {
        browser.get(APP + "/");
        browser.findElement(By.id("sign-in-" + login)).click();
        await().until(driver -> driver.findElements(By.id("current-user")).size() == 1);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    WebElement step(String repository, String target) {
        return browser.findElement(By.cssSelector(
                "section.repository[data-repo='" + repository + "'] li.step[data-step='" + target + "']"));
    }

    WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Nothing a page did since the last call was refused by its Content-Security-Policy. */
    void assertNothingRefused() {
        List<String> refused = browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
        assertEquals(List.of(), refused, "nothing the page does is refused by its Content-Security-Policy");
    }

    /** Forgets the browser log: what the page logged so far was wanted. */
    void forgetLog() {
        browser.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Kept under target/screenshots for people to look at (the README's pictures); not compared to anything. */
    void screenshot(String name) throws IOException {
        Path directory = Path.of("target", "screenshots");
        Files.createDirectories(directory);
        Files.write(directory.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A screenshot of the whole page, as tall as it is (at most 4,000 px). */
    void screenshotWhole(String name) throws IOException {
        Dimension before = browser.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight;")).longValue();
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(4000, height + 140)));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(before);
        }
    }
}
