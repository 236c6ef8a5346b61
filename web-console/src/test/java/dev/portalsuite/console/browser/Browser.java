package dev.portalsuite.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven by Selenium through Debian's chromedriver (never a downloaded one). Each page
 * a journey visits is checked with axe-core at a phone width (390 px) and a desktop width (1280 px), with a
 * screenshot of each under {@code target/screenshots/}, and must not have broken the Content-Security-Policy.
 */
public final class Browser implements AutoCloseable {
    public static final int PHONE = 390;
    public static final int DESKTOP = 1280;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String baseUrl;
    private final String journey;
    private final boolean javascript;

    private Browser(ChromeDriver driver, String baseUrl, String journey, boolean javascript) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.journey = journey;
        this.javascript = javascript;
    }

    /** Skips the browser tests where chromium is not installed, but fails them in CI ({@code .ci/run} installs it). */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver"));
        if (!installed) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                org.junit.jupiter.api.Assertions.fail("chromium or chromium-driver is not installed, but CI=true: "
                        + "apt-get install -y chromium chromium-driver (.ci/run does)");
            }
            org.junit.jupiter.api.Assumptions.abort("chromium and chromium-driver are not installed "
                    + "(apt-get install chromium chromium-driver): browser tests skipped");
        }
    }

    public static Browser open(String baseUrl, String journey, boolean javascript) {
        // with the driver and the browser named, Selenium Manager has nothing to download
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + DESKTOP + ",1000", "--lang=en-GB", "--disable-extensions", "--no-first-run");
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, baseUrl, journey, javascript);
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(baseUrl + path);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    public void click(String css) {
        find(css).click();
    }

    /** Clicks the link with this exact text. */
    public void clickLink(String text) {
        driver.findElement(By.linkText(text)).click();
    }

    public String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    public String text() {
        return find("body").getText();
    }

    /** Waits until the page's heading is {@code text} (the navigation a click started has finished). */
    public void awaitHeading(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            List<WebElement> headings = d.findElements(By.cssSelector("h1"));
            try {
                return !headings.isEmpty() && headings.get(0).getText().equals(text);
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** Waits until the page says {@code text}. */
    public void awaitText(String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> {
            try {
                return d.findElement(By.tagName("body")).getText().contains(text);
            } catch (org.openqa.selenium.WebDriverException e) {
                return false;
            }
        });
    }

    public void waitFor(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(css)).isEmpty());
    }

    /**
     * Checks the current page at both widths: no serious or critical axe violation, no CSP violation in the console,
     * and a screenshot named {@code <journey>-<step>-<width>.png}.
     */
    public void check(String step) {
        for (int width : new int[] {PHONE, DESKTOP}) {
            driver.manage().window().setSize(new Dimension(width, width == PHONE ? 1400 : 1100));
            if (javascript && !findAll("figure[data-chart]").isEmpty()) {
                waitFor("figure[data-chart] canvas");
            }
            if (!javascript) {
                // Chrome with JavaScript switched off refuses WebDriver's async scripts too, so axe cannot run here;
                // the same server-rendered pages are checked by the journey with JavaScript on
                screenshot(step + "-" + width);
                continue;
            }
            Results results = new AxeBuilder().analyze(driver);
            List<Rule> serious = results.getViolations().stream()
                    .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                    .toList();
            assertThat(serious).as("axe violations on %s at %d px: %s", step, width, describe(serious)).isEmpty();
            screenshot(step + "-" + width);
        }
        List<String> cspErrors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"))
                .toList();
        assertThat(cspErrors).as("CSP violations on %s", step).isEmpty();
    }

    private static String describe(List<Rule> rules) {
        return rules.stream().map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at "
                + r.getNodes().stream().map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SCREENSHOTS.resolve(journey + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
