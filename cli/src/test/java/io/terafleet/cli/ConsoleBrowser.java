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

    /**
     * What keyboard and screen-reader users would miss on the page as drawn now, one line per problem: a form field
     * without a label, a button without a name, a chart without a role and description, an image without alt text,
     * a table without a caption or header cells, text below WCAG AA contrast (4.5:1) against its background.
     */
    @SuppressWarnings("unchecked")
    java.util.List<String> accessibilityProblems() {
        return (java.util.List<String>) driver.executeScript(ACCESSIBILITY);
    }

    /** Whether the element the Tab key reaches first shows where the focus is (an outline). */
    boolean focusIsVisibleAfterTab() {
        driver.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
        return (Boolean) driver.executeScript("const s = getComputedStyle(document.activeElement);"
                + " return document.activeElement !== document.body && s.outlineStyle !== 'none'"
                + " && parseFloat(s.outlineWidth) >= 2;");
    }

    /**
     * Navigation Timing of the page now: milliseconds from navigation start to the load event, and to the role's
     * page drawn with its data (the console marks that on the body).
     */
    long[] timings() {
        var loaded = (Number) driver.executeScript(
                "return Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd)");
        String ready = driver.findElement(By.tagName("body")).getDomAttribute("data-ready-ms");
        return new long[] {loaded.longValue(), ready == null ? -1 : Long.parseLong(ready)};
    }

    /** The page's slowest requests (Resource Timing), to say where its time went. */
    String slowestRequests() {
        return String.valueOf(driver.executeScript("return performance.getEntriesByType('resource')"
                + ".sort((a, b) => b.duration - a.duration).slice(0, 4)"
                + ".map(r => r.name.replace(location.origin, '') + ' ' + Math.round(r.startTime) + '+'"
                + " + Math.round(r.duration) + ' ms').join(', ')"));
    }

    private static final String ACCESSIBILITY = """
            const problems = [];
            const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
            const name = e => e.id || e.getAttribute('name') || e.outerHTML.slice(0, 60);
            for (const e of document.querySelectorAll('input, select, textarea')) {
              if (e.type === 'hidden' || !visible(e)) continue;
              if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                problems.push('field without a label: ' + name(e));
            }
            for (const e of document.querySelectorAll('button')) {
              if (visible(e) && !e.textContent.trim() && !e.getAttribute('aria-label'))
                problems.push('button without a name: ' + name(e));
            }
            for (const e of document.querySelectorAll('.chart')) {
              if (e.getAttribute('role') !== 'img' || !e.getAttribute('aria-label'))
                problems.push('chart without role=img and aria-label: ' + name(e));
            }
            for (const e of document.querySelectorAll('img')) {
              if (!e.hasAttribute('alt')) problems.push('image without alt: ' + name(e));
            }
            for (const t of document.querySelectorAll('table')) {
              if (!t.querySelector('caption')) problems.push('table without a caption: ' + name(t));
              if (!t.querySelector('th')) problems.push('table without header cells: ' + name(t));
            }
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
              .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
              .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
            const background = e => {
              for (let n = e; n; n = n.parentElement) {
                const c = rgb(getComputedStyle(n).backgroundColor);
                if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
              }
              return [255, 255, 255];
            };
            let checked = 0;
            for (const e of document.querySelectorAll('body *')) {
              if (checked > 400) break;
              if (!visible(e) || e.closest('.chart')) continue;
              const text = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
              if (!text) continue;
              checked++;
              const fg = lum(rgb(getComputedStyle(e).color).slice(0, 3));
              const bg = lum(background(e));
              const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
              if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ':1 for ' + e.tagName + ' "'
                + e.textContent.trim().slice(0, 30) + '"');
            }
            return problems;
            """;

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
