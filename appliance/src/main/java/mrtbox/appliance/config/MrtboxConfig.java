package mrtbox.appliance.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import mrtbox.appliance.state.DocumentType;
import mrtbox.control.gpio.GpioSettings;
import mrtbox.web.metrics.ScrapeAccess;

/**
 * {@code mrtbox.json}: how this box is set up. Every field has a default, so {@code {}} is a complete config and a
 * file only names what differs. Sections are records that check their own values (the reader reports a bad value
 * with its file, line and field). To add a setting: add a component to the section's record with a default in the
 * compact constructor, or add a section record here; old files keep working.
 */
public record MrtboxConfig(Dirs paths, Audio audio, Model model, Osc osc, Web web, Midi midi, GpioSettings gpio,
                           LastState lastState, Schedule schedule, Heartbeat heartbeat, Box box) {
    public static final int VERSION = 1;
    public static final DocumentType<MrtboxConfig> TYPE = DocumentType.of("mrtbox.json", VERSION, MrtboxConfig.class, MrtboxConfig::defaults);

    public MrtboxConfig {
        paths = paths == null ? new Dirs(null, null, null) : paths;
        audio = audio == null ? new Audio(null, null, null, null, null, null) : audio;
        model = model == null ? new Model(null, null, null) : model;
        osc = osc == null ? new Osc(null, null, null, null, null, null, null, null) : osc;
        web = web == null ? new Web(null, null, null, null, null, null, null) : web;
        midi = midi == null ? new Midi(null, null, null, null, null, null, null, null, null, null, null) : midi;
        gpio = gpio == null ? GpioSettings.NONE : gpio;
        lastState = lastState == null ? new LastState(null, null) : lastState;
        schedule = schedule == null ? new Schedule(null, null, null, null, null) : schedule;
        heartbeat = heartbeat == null ? new Heartbeat(null, null, null, null) : heartbeat;
        box = box == null ? new Box(null, null) : box;
    }

    public static MrtboxConfig defaults() {
        return new MrtboxConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The box's name: {@code box.name}, else the OSC service name (what mDNS shows). */
    public String boxName() {
        return box.name() != null ? box.name() : osc.serviceName();
    }

    /**
     * Where files live; unset means "choose" (see the README's "Files on the box"). Relative paths are taken from
     * the directory of the config file.
     */
    public record Dirs(String state, String models, String cache) {
        public Dirs {
            state = blankToNull(state);
            models = blankToNull(models);
            cache = blankToNull(cache);
        }
    }

    /**
     * The interface's input, for playing along (README "Play along"). Off unless enabled.
     *
     * @param enabled  capture the input at all; default false
     * @param device   which input: a part of the Java Sound mixer name or its index among the inputs in
     *                 {@code mrtbox devices}; empty for the system default
     * @param channels 1 (mono, heard on both sides) or 2; default 2
     * @param bufferMs capture buffer; the input is read in quarters of it; default 20
     */
    public record Input(Boolean enabled, String device, Integer channels, Integer bufferMs) {
        public Input {
            enabled = enabled != null && enabled;
            device = device == null ? "" : device.strip();
            channels = channels == null ? 2 : channels;
            if (channels != 1 && channels != 2) throw new IllegalArgumentException("channels must be 1 or 2, got " + channels);
            bufferMs = check("bufferMs", bufferMs == null ? 20 : bufferMs, 5, 500);
        }
    }

    public enum Sink {
        /** A Java Sound line on an ALSA device (the USB interface). */
        @JsonProperty("javasound") JAVASOUND,
        /** A WAV file (offline checks, recordings). */
        @JsonProperty("wav") WAV,
        /** Discard the audio (benchmarks, boxes without sound). */
        @JsonProperty("null") NULL
    }

    /**
     * @param device   which output: a part of the Java Sound mixer name ({@code "USB"}, {@code "plughw:1,0"}) or its
     *                 index in {@code mrtbox devices} as text ({@code "2"}); empty for the system default
     * @param bufferMs output buffer: larger survives hiccups, smaller answers faster
     * @param bitDepth 16, 24 or 32 bit samples to the device
     * @param wavPath  the file the {@code wav} sink records to (relative: in the state directory); default output.wav
     */
    public record Audio(Sink sink, String device, Integer bufferMs, Integer bitDepth, String wavPath, Input input) {
        public Audio {
            input = input == null ? new Input(null, null, null, null) : input;
            wavPath = wavPath == null || wavPath.isBlank() ? "output.wav" : wavPath.strip();
            sink = sink == null ? Sink.JAVASOUND : sink;
            device = device == null ? "" : device.strip();
            bufferMs = check("bufferMs", bufferMs == null ? 100 : bufferMs, 5, 2000);
            bitDepth = bitDepth == null ? 24 : bitDepth;
            if (bitDepth != 16 && bitDepth != 24 && bitDepth != 32) {
                throw new IllegalArgumentException("bitDepth must be 16, 24 or 32, got " + bitDepth);
            }
        }
    }

    /**
     * @param name         the model to load: {@code tiny-v1} is built in (random weights: it makes noise, and says so)
     * @param glideSeconds how long a prompt weight change takes to arrive (0 = at the next step)
     * @param play         start playing when the service starts (an installation comes back playing after a power cut)
     */
    public record Model(String name, Double glideSeconds, Boolean play) {
        public Model {
            glideSeconds = glideSeconds == null ? 0.5 : glideSeconds;
            if (!(glideSeconds >= 0 && glideSeconds <= 60)) throw new IllegalArgumentException("glideSeconds must be 0..60, got " + glideSeconds);
            play = play == null || play;
            name = name == null ? "tiny-v1" : name.strip();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("model name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
        }
    }

    /**
     * @param port              UDP port for OSC; 0 picks a free one (tests)
     * @param bind              the address OSC and OSCQuery listen on; 0.0.0.0 for every interface
     * @param oscQueryPort      HTTP + WebSocket port of OSCQuery; 0 picks a free one, -1 turns OSCQuery off
     * @param zeroconf          advertise OSC, OSCQuery and the web page with mDNS (Bonjour/Avahi)
     * @param zeroconfInterface the network interface to advertise on ("eth0"); empty: the bind address's, else the
     *                          first LAN interface
     * @param serviceName       the name clients show for this box
     * @param allowlist         sender networks allowed to control the box ("192.168.1.0/24", "10.0.0.7"); empty: the
     *                          box's own subnets and loopback
     * @param allowedOrigins    web pages of other sites allowed to use the OSCQuery WebSocket
     *                          ("https://example.org"); empty: only native clients and the box's own pages
     */
    public record Osc(Integer port, String bind, Integer oscQueryPort, Boolean zeroconf, String zeroconfInterface,
                      String serviceName, List<String> allowlist, List<String> allowedOrigins) {
        public Osc {
            port = check("port", port == null ? 9000 : port, 0, 65535);
            bind = checkBind(bind);
            oscQueryPort = check("oscQueryPort", oscQueryPort == null ? 9001 : oscQueryPort, -1, 65535);
            if (port != 0 && port.equals(oscQueryPort)) throw new IllegalArgumentException("port and oscQueryPort must differ, both are " + port);
            zeroconf = zeroconf == null || zeroconf;
            zeroconfInterface = zeroconfInterface == null ? "" : zeroconfInterface.strip();
            serviceName = serviceName == null || serviceName.isBlank() ? "mrtbox" : serviceName.strip();
            allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
            for (String a : allowlist) {
                try {
                    mrtbox.control.osc.Cidr.parse(a);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("allowlist: " + e.getMessage(), e);
                }
            }
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
            for (String o : allowedOrigins) {
                if (!o.matches("https?://[^/\\s]+/?")) {
                    throw new IllegalArgumentException("allowedOrigins: '" + o + "' is not an origin like https://example.org");
                }
            }
        }
    }

    /**
     * @param port         HTTP port of the page; 0 picks a free one (tests)
     * @param bind         the address the page listens on; 0.0.0.0 for every interface
     * @param https        serve HTTPS with a self-signed certificate kept in the state directory
     * @param publicHealth answer {@code GET /api/health} without a login (monitoring)
     * @param hostNames    names the page and OSCQuery may be opened by besides IP addresses, localhost, the host name
     *                     and {@code <host name>.local} (DNS names from your router); others are refused (DNS rebinding)
     * @param metrics      who may read {@code GET /metrics}: {@code off} (default), {@code public}, or {@code token}
     *                     (a scraper sending {@code Authorization: Bearer <metricsToken>})
     * @param metricsToken the scrapers' bearer token with {@code "metrics": "token"}: 16..256 visible ASCII characters
     */
    public record Web(Integer port, String bind, Boolean https, Boolean publicHealth, List<String> hostNames, String metrics,
                      String metricsToken) {
        public Web {
            port = check("port", port == null ? 8080 : port, 0, 65535);
            bind = checkBind(bind);
            https = https != null && https;
            publicHealth = publicHealth != null && publicHealth;
            hostNames = hostNames == null ? List.of() : List.copyOf(hostNames);
            for (String n : hostNames) {
                if (!n.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?")) {
                    throw new IllegalArgumentException("hostNames: '" + n + "' is not a host name");
                }
            }
            metrics = metrics == null || metrics.isBlank() ? "off" : metrics.strip();
            metricsToken = blankToNull(metricsToken);
            scrapeAccess(metrics, metricsToken);   // a bad value is named here, at load
        }

        /** Who may read {@code GET /metrics}. */
        public ScrapeAccess scrapeAccess() {
            return scrapeAccess(metrics, metricsToken);
        }

        private static ScrapeAccess scrapeAccess(String metrics, String token) {
            return switch (metrics) {
                case "off" -> ScrapeAccess.OFF;
                case "public" -> ScrapeAccess.PUBLIC;
                case "token" -> {
                    if (token == null) throw new IllegalArgumentException("metrics is \"token\" but metricsToken is not set");
                    yield ScrapeAccess.token(token);
                }
                default -> throw new IllegalArgumentException("metrics must be off, public or token, got '" + metrics + "'");
            };
        }
    }

    /**
     * @param enabled           open MIDI controllers (hotplug); false keeps learn and mappings but opens nothing
     * @param includeDevices    open only MIDI ports whose name contains one of these (empty: all)
     * @param excludeDevices    never open ports whose name contains one of these
     * @param sceneChannel      program change on this channel recalls scene N: 1..16, 0 any, -1 off
     * @param noteChannel       notes on this channel reach the model: 1..16, 0 any, -1 off
     * @param pollMillis        how often to look for controllers plugged or pulled
     * @param tickMillis        at most one value per parameter per tick reaches the engine
     * @param feedbackMillis    feedback rate limit per control
     * @param pairTimeoutMillis wait for the second half of a 14-bit pair or an NRPN value
     * @param panic             the note or CC that ends all notes and mutes the output; none by default
     * @param monitorSize       messages kept by the page's MIDI monitor
     */
    public record Midi(Boolean enabled, List<String> includeDevices, List<String> excludeDevices, Integer sceneChannel,
                       Integer noteChannel, Integer pollMillis, Integer tickMillis, Integer feedbackMillis,
                       Integer pairTimeoutMillis, mrtbox.control.mapping.MidiSource panic, Integer monitorSize) {
        public Midi {
            enabled = enabled == null || enabled;
            includeDevices = includeDevices == null ? List.of() : List.copyOf(includeDevices);
            excludeDevices = excludeDevices == null ? List.of() : List.copyOf(excludeDevices);
            sceneChannel = check("sceneChannel", sceneChannel == null ? 0 : sceneChannel, -1, 16);
            noteChannel = check("noteChannel", noteChannel == null ? 0 : noteChannel, -1, 16);
            pollMillis = check("pollMillis", pollMillis == null ? 1000 : pollMillis, 50, 60_000);
            tickMillis = check("tickMillis", tickMillis == null ? 5 : tickMillis, 1, 1000);
            feedbackMillis = check("feedbackMillis", feedbackMillis == null ? 20 : feedbackMillis, 1, 10_000);
            pairTimeoutMillis = check("pairTimeoutMillis", pairTimeoutMillis == null ? 20 : pairTimeoutMillis, 1, 1000);
            monitorSize = check("monitorSize", monitorSize == null ? 200 : monitorSize, 1, 10_000);
            if (panic != null && panic.type() != mrtbox.control.mapping.MidiSource.MessageType.NOTE
                    && panic.type() != mrtbox.control.mapping.MidiSource.MessageType.CC) {
                throw new IllegalArgumentException("panic must be a note or cc, not " + panic.type().word());
            }
        }
    }

    /**
     * Saving the playing values to {@code last-state.json}: once changes rest for {@code quietMs}, and at least every
     * {@code maxDelayMs} while they keep coming (fewer writes spare an SD card).
     */
    public record LastState(Integer quietMs, Integer maxDelayMs) {
        public LastState {
            quietMs = check("quietMs", quietMs == null ? 1000 : quietMs, 0, 3_600_000);
            maxDelayMs = check("maxDelayMs", maxDelayMs == null ? 10_000 : maxDelayMs, 0, 3_600_000);
            if (quietMs > maxDelayMs) throw new IllegalArgumentException("quietMs " + quietMs + " is longer than maxDelayMs " + maxDelayMs);
        }
    }

    /**
     * The installation's day, repeated daily (all off by default). Times are local {@code "HH:mm"} or
     * {@code "HH:mm:ss"} in {@code timeZone}; on a daylight-saving day a time that does not exist happens that much
     * later, and a time that exists twice happens once (the first). After a power cut the box applies the state
     * the schedule says should hold now (booting at 23:00 after a 22:00 stop, it stays stopped).
     *
     * @param timeZone an IANA zone ("Europe/Berlin"); empty: the system's zone
     * @param start    daily: play (fades in); the box stays up either way
     * @param stop     daily: fade out and stop the transport
     * @param scenes   daily scene changes: {@code [{"at": "12:00", "scene": "lunch"}]}
     * @param restart  daily: save the state and exit, so that systemd starts the service afresh (only under systemd)
     */
    public record Schedule(String timeZone, String start, String stop, List<SceneChange> scenes, String restart) {
        public Schedule {
            timeZone = blankToNull(timeZone);
            if (timeZone != null) {
                try {
                    java.time.ZoneId.of(timeZone);
                } catch (java.time.DateTimeException e) {
                    throw new IllegalArgumentException("timeZone '" + timeZone + "' is not a time zone (use an IANA name like Europe/Berlin)");
                }
            }
            start = checkTime("start", start);
            stop = checkTime("stop", stop);
            restart = checkTime("restart", restart);
            scenes = scenes == null ? List.of() : List.copyOf(scenes);
            if (start != null && start.equals(stop)) throw new IllegalArgumentException("start and stop are both " + start);
        }

        /** True when the schedule does anything at all. */
        public boolean enabled() {
            return start != null || stop != null || restart != null || !scenes.isEmpty();
        }

        public java.time.ZoneId zone() {
            return timeZone == null ? java.time.ZoneId.systemDefault() : java.time.ZoneId.of(timeZone);
        }
    }

    /** A daily scene change: recall {@code scene} at {@code at}. */
    public record SceneChange(String at, String scene) {
        public SceneChange {
            at = checkTime("at", at);
            if (at == null) throw new IllegalArgumentException("a scene change needs a time 'at'");
            scene = blankToNull(scene);
            if (scene == null) throw new IllegalArgumentException("the scene change at " + at + " names no scene");
        }
    }

    /**
     * An outbound "I am alive" for a remote operator (off by default): every {@code intervalSeconds} an HTTP POST
     * of a JSON document to {@code url} and/or an OSC message {@code /mrtbox/heartbeat} to {@code osc} ("host:port").
     *
     * @param name the box name sent along; empty: the OSC service name
     */
    public record Heartbeat(Integer intervalSeconds, String url, String osc, String name) {
        public Heartbeat {
            intervalSeconds = check("intervalSeconds", intervalSeconds == null ? 60 : intervalSeconds, 1, 86_400);
            url = blankToNull(url);
            if (url != null) {
                java.net.URI uri;
                try {
                    uri = new java.net.URI(url);
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException("url '" + url + "' is not a URL: " + e.getReason());
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("url '" + url + "' must be http://host/... or https://host/...");
                }
            }
            osc = blankToNull(osc);
            if (osc != null) oscTarget(osc);
            name = blankToNull(name);
        }

        public boolean enabled() {
            return url != null || osc != null;
        }

        /** {@code "host:port"} (IPv6 as {@code "[::1]:9100"}) as an unresolved address; a clear error otherwise. */
        public static java.net.InetSocketAddress oscTarget(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon > 0 ? hostPort.substring(0, colon) : "";
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            int port = -1;
            try {
                if (colon > 0) port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new IllegalArgumentException("osc '" + hostPort + "' must be host:port with a port 1..65535");
            }
            return java.net.InetSocketAddress.createUnresolved(host, port);
        }
    }

    /**
     * What this box is, for people who run many: the name and location appear as the labels {@code box} and
     * {@code location} on every metric, in the page's title and in the heartbeat.
     *
     * @param name     the box's name ("lobby", "stage-left"); empty: the OSC service name
     * @param location where it stands ("Hall 2, east wall"); empty: none
     */
    public record Box(String name, String location) {
        public Box {
            name = blankToNull(name);
            if (name != null && name.length() > 64) throw new IllegalArgumentException("name may have at most 64 characters");
            location = location == null ? "" : location.strip();
            if (location.length() > 128) throw new IllegalArgumentException("location may have at most 128 characters");
        }
    }

    private static String checkTime(String name, String time) {
        String t = blankToNull(time);
        if (t == null) return null;
        try {
            java.time.LocalTime.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " '" + t + "' is not a time of day (HH:mm or HH:mm:ss, 24 h)");
        }
        return t;
    }

    private static int check(String name, int value, int min, int max) {
        if (value < min || value > max) throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        return value;
    }

    private static String checkBind(String bind) {
        String b = bind == null ? "0.0.0.0" : bind.strip();
        if (b.isEmpty() || b.contains(" ")) throw new IllegalArgumentException("bind must be an address or host name, got '" + bind + "'");
        return b;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
