package mrtbox.control.osc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import org.junit.jupiter.api.Test;

/** The whole frontend as the appliance runs it: UDP, OSCQuery and mDNS, found by a second, independent JmDNS. */
class OscServiceTest {

    @Test
    void advertisesOscAndOscJsonAndServesBoth() throws Exception {
        ParameterRegistry registry = new ParameterRegistry();
        registry.registerAll(StandardParams.all());
        String name = "mrtbox-test-" + UUID.randomUUID().toString().substring(0, 8);
        InetAddress lan = ZeroconfAdvertiser.chooseAddress("", "0.0.0.0");
        assertFalse(lan.getHostAddress().startsWith("127.0.1."), "must not advertise Debian's getLocalHost() address");
        OscSettings settings = OscSettings.builder().port(0).oscQueryPort(0).serviceName(name).build();
        try (OscService service = new OscService(settings, registry, new SceneBook(registry), null, null, new StatusBoard())) {
            service.advertiseAlso("_http._tcp.local.", 8080, Map.of("path", "/"));
            service.start();
            int oscPort = service.osc().localAddress().getPort();
            int queryPort = service.oscQuery().localPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/?HOST_INFO")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"OSC_PORT\":" + oscPort), r.body());

            try (JmDNS browser = JmDNS.create(lan, "mrtbox-test-browser")) {
                ServiceInfo osc = resolve(browser, OscService.OSC_SERVICE_TYPE, name);
                assertEquals(oscPort, osc.getPort());
                ServiceInfo json = resolve(browser, OscService.OSCJSON_SERVICE_TYPE, name);
                assertEquals(queryPort, json.getPort());
                ServiceInfo http = resolve(browser, "_http._tcp.local.", name);
                assertEquals(8080, http.getPort());
                assertEquals(lan, osc.getInetAddresses()[0], "advertised on the chosen interface address");
            }
        }
    }

    /** Resolves a service, waiting up to 20 s for the advertiser to finish probing. */
    private static ServiceInfo resolve(JmDNS browser, String type, String name) throws InterruptedException {
        long end = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < end) {
            ServiceInfo info = browser.getServiceInfo(type, name, 1000);
            if (info != null && info.getPort() > 0) return info;
            Thread.sleep(200);
        }
        throw new AssertionError(type + " " + name + " was not found over mDNS within 20 s");
    }

    @Test
    void namedInterfaceIsHonouredAndUnknownOnesFailClearly() throws Exception {
        InetAddress lo = ZeroconfAdvertiser.chooseAddress("lo", "0.0.0.0");
        assertTrue(lo.isLoopbackAddress());
        assertEquals(InetAddress.getByName("10.1.2.3"), ZeroconfAdvertiser.chooseAddress("", "10.1.2.3"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ZeroconfAdvertiser.chooseAddress("nosuch0", "0.0.0.0"));
        assertTrue(e.getMessage().contains("nosuch0"));
        assertNotNull(ZeroconfAdvertiser.chooseAddress("", "0.0.0.0"));
    }
}
