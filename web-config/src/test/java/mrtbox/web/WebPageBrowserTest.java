package mrtbox.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import mrtbox.control.mapping.MidiSource;
import java.util.List;
import mrtbox.control.param.ChangeSource;
import mrtbox.control.param.ParamSpec;
import mrtbox.control.param.ParamType;
import mrtbox.control.status.StatusReport;
import mrtbox.web.testing.Audio;
import mrtbox.web.testing.HeadlessChromium;
import mrtbox.web.testing.TestBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium + chromedriver, driven by Selenium; never downloaded):
 * first-run setup, status updates, a weight slider, MIDI learn, scenes, logout and login, on a desktop-sized window
 * ({@link PhoneBrowserTest} takes the phone sizes). One browser session for
 * the whole class, tests in order, screenshots into target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60)
class WebPageBrowserTest {
    @TempDir static Path state;
    static TestBox box;
    static HeadlessChromium chromium;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        box = new TestBox(state);
        chromium = new HeadlessChromium(state.resolve("chromium-profile"), 1280, 1000);
        browser = chromium.driver;
        wait = chromium.wait;
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (box != null) box.close();
    }

    @Test
    @Order(1)
    void firstVisitorSetsThePasswordWithTheSetupCode() throws Exception {
        browser.get(box.base() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("setup-form")));
        shot("setup");
        browser.findElement(By.id("setup-code")).sendKeys("WRONG-CODE-0000");
        browser.findElement(By.id("setup-password")).sendKeys(TestBox.PASSWORD);
        browser.findElement(By.id("setup-password2")).sendKeys(TestBox.PASSWORD);
        browser.findElement(By.id("setup-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("setup-error"), "wrong setup code"));
        WebElement code = browser.findElement(By.id("setup-code"));
        code.clear();
        code.sendKeys(box.setupCode());
        browser.findElement(By.id("setup-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-status")));
        wait.until(ExpectedConditions.textToBe(By.id("conn"), "live"));
        assertTrue(box.server.setupCode().isEmpty());
    }

    @Test
    @Order(2)
    void statusViewFollowsTheStatusBoard() throws Exception {
        for (int i = 0; i < 200; i++) { // 200 columns of 3 px fill the canvas
            float[] column = new float[48];
            for (int b = 0; b < column.length; b++) {
                double hump = Math.exp(-Math.pow((b - 12 - 8 * Math.sin(i / 9.0)) / 5.0, 2));
                column[b] = (float) (-85 + 60 * hump + 10 * Math.sin(b * 0.7 + i * 0.3) - b * 0.4);
            }
            box.status.publish(new StatusReport("tiny-v1", true, true, 1.24, 160, 7, 2, 1.5,
                    new double[] {-4.5, -5.2}, new double[] {-13, -14}, column, 21.4, 33.9, "ok", "", 3725 + i / 25.0));
            Thread.sleep(8);
        }
        wait.until(ExpectedConditions.textToBe(By.id("st-underruns"), "7"));
        assertEquals("tiny-v1", browser.findElement(By.id("st-model")).getText());
        assertEquals("1.24×", browser.findElement(By.id("st-rtf")).getText());
        assertEquals("playing", browser.findElement(By.id("st-playing")).getText());
        assertTrue(browser.findElement(By.id("noise-banner")).isDisplayed(), "the tiny model's noise banner shows");
        assertTrue(browser.findElement(By.id("meter-rms-0")).getAttribute("style").contains("width"));
        shot("status");
        box.status.publish(new StatusReport("mrt2-small", false, true, 1.3, 120, 8, 2, 0,
                new double[] {-6, -6}, new double[] {-15, -15}, new float[48], 20, 30, "ok", "", 3800));
        wait.until(ExpectedConditions.textToBe(By.id("st-underruns"), "8"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("noise-banner")));
    }

    @Test
    @Order(3)
    void movingAWeightSliderChangesTheParameter() throws Exception {
        browser.findElement(By.id("tab-play")).click();
        WebElement slider = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("input[type=range][data-param='prompt.2.weight']")));
        assertEquals(0.0, weight(2));
        slider.click(); // the thumb jumps to the click, the middle of the track
        Keys[] presses = new Keys[50];
        java.util.Arrays.fill(presses, Keys.ARROW_RIGHT);
        slider.sendKeys(presses);
        awaitTrue(() -> Math.abs(weight(2) - Double.parseDouble(slider.getAttribute("value"))) < 1e-9 && weight(2) > 0.5,
                "the registry follows the slider");
        // a knob turned while the page sends its own moves: answers and echoes race, the page must end where the registry is
        Thread knob = new Thread(() -> {
            for (int i = 0; i < 200; i++) box.registry.set("prompt.2.weight", (i % 50) / 50.0, ChangeSource.of(ChangeSource.Kind.MIDI, "nanoKONTROL"));
        }, "test-knob");
        knob.start();
        Keys[] back = new Keys[30];
        java.util.Arrays.fill(back, Keys.ARROW_LEFT);
        slider.sendKeys(back);
        knob.join(10_000);
        awaitTrue(() -> Math.abs(weight(2) - Double.parseDouble(slider.getAttribute("value"))) < 1e-9,
                "slider and registry agree after racing writers");
        // and the other way round: a MIDI knob moves the slider on the page
        box.registry.set("prompt.3.weight", 0.75, ChangeSource.of(ChangeSource.Kind.MIDI, "nanoKONTROL"));
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("input[type=range][data-param='prompt.3.weight']"), "value", "0.75"));
        WebElement text = browser.findElement(By.cssSelector("[data-param='prompt.2.text']"));
        text.sendKeys("glassy arpeggios, slow build", Keys.TAB);
        awaitTrue(() -> "glassy arpeggios, slow build".equals(box.registry.snapshot().value("prompt.2.text")), "prompt text applied");
        Path wav = Files.write(state.resolve("pad loop.wav"), Audio.sineWav(0.25));
        browser.findElement(By.cssSelector("input[type=file][data-upload='2']")).sendKeys(wav.toString());
        awaitTrue(() -> box.promptAudio.stored.containsKey(2), "the audio prompt upload reaches the appliance");
        assertEquals("pad loop.wav", box.promptAudio.stored.get(2).fileName());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toast"), "pad loop.wav (WAV, "));
        browser.executeScript("window.scrollTo(0, 0)");
        shot("play");
    }

    @Test
    @Order(4)
    void aParameterRegisteredLaterAppearsWithoutPageChanges() throws Exception {
        box.registry.register(ParamSpec.builder("fx.space", ParamType.ENUM).choices(List.of("dry", "room", "hall"))
                .description("Reverb size").build());
        WebElement choice = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("select[data-param='fx.space']")));
        new Select(choice).selectByValue("hall");
        awaitTrue(() -> "hall".equals(box.registry.snapshot().value("fx.space")), "the generated control drives the new parameter");
    }

    @Test
    @Order(5)
    void midiLearnFromThePage() throws Exception {
        browser.findElement(By.id("tab-mappings")).click();
        new Select(browser.findElement(By.id("learn-target"))).selectByValue("prompt.3.weight");
        browser.findElement(By.id("learn-button")).click();
        awaitTrue(() -> box.learn.armed().filter("prompt.3.weight"::equals).isPresent(), "the Learn button arms LearnControl");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("learn-state"), "move a control"));
        box.monitor.receive(new MidiMonitorAccess.MidiEvent(System.currentTimeMillis(), "nanoKONTROL2", "CC", 1, 16, 64));
        String id = box.memoryLearn.capture(new MidiSource("nanoKONTROL2", 1, MidiSource.MessageType.CC, 16)).id();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-mapping='" + id + "']")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("learn-state"), "Pick a parameter"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("midi-monitor"), "CC 16 = 64"));
        // edit a field of the learned mapping in the table and save it
        WebElement row = browser.findElement(By.cssSelector("tr[data-mapping='" + id + "']"));
        new Select(row.findElement(By.cssSelector("select[aria-label=curve]"))).selectByValue("exponential");
        row.findElement(By.xpath(".//button[text()='Save']")).click();
        awaitTrue(() -> box.mappings.get(id).map(m -> m.curve().name().equals("EXPONENTIAL")).orElse(false), "the edited curve is stored");
        browser.executeScript("document.querySelector('.table-wrap').scrollLeft = 0; window.scrollTo(0, 0)");
        shot("mappings");

        // the panic control, changed while the box runs
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("panic-state"), "Now: none (from the config file)"));
        new Select(browser.findElement(By.id("panic-type"))).selectByValue("cc");
        for (String[] f : new String[][] {{"panic-channel", "2"}, {"panic-number", "119"}}) {
            WebElement in = browser.findElement(By.id(f[0]));
            in.clear();
            in.sendKeys(f[1]);
        }
        browser.findElement(By.cssSelector("#panic-form button[type=submit]")).click();
        awaitTrue(() -> new MidiSource("", 2, MidiSource.MessageType.CC, 119).equals(box.panic.panic().panic()), "the form sets the panic control");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("panic-state"), "Now: cc 119 on channel 2 (chosen here)"));
    }

    @Test
    @Order(6)
    void scenesSaveAndRecall() throws Exception {
        box.registry.set("prompt.1.weight", 0.8, ChangeSource.INTERNAL);
        browser.findElement(By.id("tab-setup")).click();
        WebElement name = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("scene-name")));
        name.sendKeys("Opening");
        browser.findElement(By.id("scene-save")).click();
        By item = By.cssSelector("li[data-scene='Opening'] button.recall");
        wait.until(ExpectedConditions.elementToBeClickable(item));
        assertTrue(box.scenes.get("Opening").isPresent());
        box.registry.set("prompt.1.weight", 0.1, ChangeSource.INTERNAL);
        browser.findElement(item).click();
        awaitTrue(() -> weight(1) == 0.8, "recall puts the saved weight back");
        shot("setup-view");
    }

    @Test
    @Order(7)
    void logoutAndLogInAgain() throws Exception {
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertFalse(browser.findElement(By.id("login-reason")).isDisplayed(), "a logout needs no explanation");
        browser.findElement(By.id("login-password")).sendKeys("not the password");
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "wrong password"));
        browser.findElement(By.id("login-password")).clear();
        browser.findElement(By.id("login-password")).sendKeys(TestBox.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("tabs")));
        wait.until(ExpectedConditions.textToBe(By.id("conn"), "live"));

        // A session that ended (here: one the box never issued) is asked to log in again, and told why.
        browser.manage().addCookie(new org.openqa.selenium.Cookie("mrtbox_session", "a-session-that-ended", "/"));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-reason"), "Your session ended"));
        browser.findElement(By.id("login-password")).sendKeys(TestBox.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("conn"), "live"));
    }

    private static double weight(int slot) {
        return (Double) box.registry.snapshot().value("prompt." + slot + ".weight");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        HeadlessChromium.awaitTrue(condition, what);
    }

    private static void shot(String name) throws Exception {
        chromium.shot(name);
    }
}
