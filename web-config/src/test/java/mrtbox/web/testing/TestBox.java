package mrtbox.web.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;
import mrtbox.control.mapping.LearnControl;
import mrtbox.control.mapping.MappingBook;
import mrtbox.control.param.ParameterRegistry;
import mrtbox.control.param.StandardParams;
import mrtbox.control.scene.SceneBook;
import mrtbox.control.status.StatusBoard;
import mrtbox.web.WebServer;
import mrtbox.web.WebServices;
import mrtbox.web.WebSettings;
import mrtbox.web.auth.FileCredentialStore;
import mrtbox.web.auth.SessionFile;
import mrtbox.web.auth.PasswordHasher;

/**
 * A real web server on an ephemeral loopback port over real control objects (registry with the standard
 * parameters, scene and mapping books, status board) and the in-memory appliance ports.
 */
public final class TestBox implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";

    public final ParameterRegistry registry = new ParameterRegistry();
    public final SceneBook scenes = new SceneBook(registry);
    public final MappingBook mappings = new MappingBook(registry);
    /** The learn the page drives: {@link #memoryLearn} unless the box was made with another (the real MIDI learn). */
    public final LearnControl learn;
    public final MemoryLearn memoryLearn = new MemoryLearn(registry, mappings);
    public final RecordingNotes notes = new RecordingNotes();
    public final StatusBoard status = new StatusBoard();
    public final MemorySetup setup = new MemorySetup();
    public final MemoryBackup backup = new MemoryBackup(registry);
    public final MemoryPromptAudio promptAudio = new MemoryPromptAudio();
    public final MemoryMonitor monitor = new MemoryMonitor();
    public final MemoryOsc osc = new MemoryOsc();
    public final MemoryMidiPanic panic = new MemoryMidiPanic();
    public final FileCredentialStore credentials;
    public final WebServer server;

    public TestBox(Path stateDir, WebSettings.Builder settings, Clock clock) throws Exception {
        this(stateDir, settings, clock, new PrometheusRegistry(), box -> box.memoryLearn);
    }

    public TestBox(Path stateDir, WebSettings.Builder settings, Clock clock, PrometheusRegistry metrics) throws Exception {
        this(stateDir, settings, clock, metrics, box -> box.memoryLearn);
    }

    /** @param learnFor makes the learn the page drives from this box's registry and mappings */
    public TestBox(Path stateDir, WebSettings.Builder settings, Clock clock, Function<TestBox, LearnControl> learnFor) throws Exception {
        this(stateDir, settings, clock, new PrometheusRegistry(), learnFor);
    }

    private TestBox(Path stateDir, WebSettings.Builder settings, Clock clock, PrometheusRegistry metrics,
                    Function<TestBox, LearnControl> learnFor) throws Exception {
        registry.registerAll(StandardParams.all());
        learn = learnFor.apply(this);
        credentials = new FileCredentialStore(stateDir.resolve("web-password"));
        server = WebServer.builder()
                .settings(settings.port(0).bind("127.0.0.1").build())
                .services(new WebServices(registry, scenes, mappings, learn, notes, status, setup, backup, promptAudio, monitor, osc, panic))
                .credentials(credentials)
                .sessionFile(new SessionFile(new FileCredentialStore(stateDir.resolve("web-sessions")),
                        new FileCredentialStore(stateDir.resolve("web-session-key"))))
                // the minimum the hasher accepts, to keep the suite quick; the default (600k) is tested in PasswordHasherTest
                .passwordHasher(new PasswordHasher(PasswordHasher.MIN_ITERATIONS))
                .clock(clock)
                .metrics(metrics)
                .build();
        server.start();
    }

    public TestBox(Path stateDir) throws Exception {
        this(stateDir, WebSettings.builder(), Clock.systemUTC());
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public String setupCode() {
        return server.setupCode().orElseThrow();
    }

    @Override
    public void close() {
        server.close();
    }
}
