package com.example.logto.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with the driver path set explicitly so Selenium Manager never
 * tries to download a browser (this machine, like CI, reaches no download site). A fresh profile per instance: no cookies leak between tests.
 */
public final class Chrome implements AutoCloseable {

    private final WebDriver driver;
    private final WebDriverWait wait;

    public Chrome() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        try {
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createTempDirectory("chrome-profile").toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    public Chrome open(String url) {
        driver.get(url);
        return this;
    }

    public String text(String id) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    }

    public boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    public Chrome click(String id) {
        until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
        return this;
    }

    public Chrome type(String id, String text) {
        var field = until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /** Waits until the address bar shows a URL starting with {@code prefix}. */
    public Chrome waitForUrl(String prefix) {
        until(d -> d.getCurrentUrl().startsWith(prefix));
        return this;
    }

    /** Waits until the element shows exactly {@code text} (e.g. after a fetch() updated it). */
    public Chrome waitForText(String id, String text) {
        until(ExpectedConditions.textToBe(By.id(id), text));
        return this;
    }

    /** Waits until the element's text contains {@code text}. */
    public Chrome waitForTextContaining(String id, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
        return this;
    }

    /** Waits for a condition; on time-out the failure shows where the browser is and what it shows. */
    private <T> T until(java.util.function.Function<WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(e.getMessage().lines().findFirst().orElse("time-out") + "\nat " + url()
                    + "\n" + pageText(), e);
        }
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** Signs in at the provider's form, which must be showing. */
    public Chrome signInAtProvider(String username, String roles) {
        type("username", username);
        type("roles", roles);
        return click("sign-in");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
