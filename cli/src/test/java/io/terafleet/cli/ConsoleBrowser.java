package io.terafleet.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through the system's chromedriver named explicitly (nothing downloads a
 * browser or a driver), with a fresh profile per browser. Tests that need it are skipped where it is not installed.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Long enough for a loaded machine; a wait ends as soon as its condition holds. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Path profile;
    private final ChromeDriverService service;
    final ChromeDriver driver;

    private ConsoleBrowser(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
                        + " apt-get install -y chromium chromium-driver");
    }

    static ConsoleBrowser open() throws IOException {
        assumeInstalled();
        Path profile = Files.createTempDirectory("terafleet-chromium-");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ConsoleBrowser(profile, service, new ChromeDriver(service, options));
    }

    void go(URI page) {
        driver.get(page.toString());
    }

    /** Waits until the page signed in and drew its role's page. */
    void awaitSignedIn(String role) {
        await(d -> role.equals(d.findElement(By.tagName("body")).getDomAttribute("data-role"))
                && "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    }

    WebElement find(String css) {
        return await(d -> d.findElement(By.cssSelector(css)));
    }

    /** The text of the element once it matches {@code expected} (a regex). */
    String awaitText(String css, String expected) {
        return await(d -> {
            String text = d.findElement(By.cssSelector(css)).getText();
            return text.matches(expected) ? text : null;
        });
    }

    void phoneSized() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    /** Saves the whole page as docs/console/{name}.png, for the docs. */
    void screenshot(String name) throws IOException {
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, height + 120)));
        driver.executeScript("window.scrollTo(0, 0)");
        Path target = DocSnippets.repositoryRoot().resolve("docs/console/" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(size);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            service.close();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
