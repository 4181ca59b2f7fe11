package mrtbox.appliance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped alert rules and scrape job pass Debian's promtool, and the rules fire on synthetic series as documented. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PromtoolRulesTest {
    @TempDir Path tmp;

    @Test
    void theAlertRulesAreValidAndTheirUnitTestsPass() throws Exception {
        Path promtool = PrometheusExamples.tool("promtool");
        Path dir = PrometheusExamples.dir();
        PrometheusExamples.Result check = PrometheusExamples.run(dir, promtool.toString(), "check", "rules", PrometheusExamples.ALERTS);
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: 6 rules found"), check.output());
        PrometheusExamples.Result test = PrometheusExamples.run(dir, promtool.toString(), "test", "rules", PrometheusExamples.ALERT_TESTS);
        assertEquals(0, test.exit(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
        String tests = Files.readString(dir.resolve(PrometheusExamples.ALERT_TESTS));
        for (String alert : new String[] {"MrtboxNoSound", "MrtboxUnderrunsRising", "MrtboxSlowerThanRealTime",
                "MrtboxTemperatureHigh", "MrtboxGuardGaveUp", "MrtboxDown"}) {
            assertTrue(tests.contains("alertname: " + alert), "no promtool test for " + alert);
        }
    }

    @Test
    void aBrokenRuleFailsTheCheck() throws Exception {
        // the check can fail: promtool refuses what Prometheus would refuse
        Path promtool = PrometheusExamples.tool("promtool");
        Path broken = Files.writeString(tmp.resolve("broken.yml"),
                Files.readString(PrometheusExamples.dir().resolve(PrometheusExamples.ALERTS)).replace("mrtbox_temperature_celsius > 80", "mrtbox_temperature_celsius >"));
        PrometheusExamples.Result check = PrometheusExamples.run(tmp, promtool.toString(), "check", "rules", broken.toString());
        assertEquals(1, check.exit(), check.output());
    }

    @Test
    void theScrapeJobIsAValidPrometheusConfig() throws Exception {
        Path token = Files.writeString(tmp.resolve("mrtbox.token"), "0123456789abcdef\n");
        Path config = Files.writeString(tmp.resolve("prometheus.yml"), PrometheusExamples.scrapeConfig("127.0.0.1:8080", token));
        PrometheusExamples.Result check = PrometheusExamples.run(tmp, PrometheusExamples.tool("promtool").toString(), "check", "config", config.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }
}
