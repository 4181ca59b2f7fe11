package mrtbox.appliance.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import mrtbox.inference.install.ModelInstaller;
import mrtbox.inference.install.ModelManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mrtbox models list|install|verify}: installed models live in {@code <models-dir>/<name>/} with a
 * {@code mrtbox-model.json} manifest (files, sizes, SHA-256, components).
 */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, install and verify models.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Install.class, ModelsCommand.Verify.class, ModelsCommand.Describe.class})
public final class ModelsCommand implements Runnable {
    @Option(names = "--models-dir", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "where models are installed (default: the config's models directory, as run finds it)")
    Path modelsDirOption;

    @Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "the config file (mrtbox.json) whose models directory to use")
    Path config;

    /** --models-dir, else the models directory of the config (found and reported as every command does). */
    Path modelsDir() {
        return modelsDirOption != null ? modelsDirOption : CommandConfig.load(config).paths().models();
    }

    @Override
    public void run() {
        throw new UserError("name an action: list, install <folder-or-url>, verify [name]");
    }

    @Command(name = "list", description = "Installed models and their kind.")
    static final class ListModels implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Override
        public Integer call() throws IOException {
            for (Path dir : installed(parent.modelsDir())) {
                ModelManifest m = ModelManifest.read(dir.resolve(ModelManifest.FILE_NAME));
                long bytes = m.files().stream().mapToLong(ModelManifest.FileEntry::size).sum();
                System.out.printf(Locale.ROOT, "%-24s %-8s %8.1f MB  %s%n", m.name(), m.kind(), bytes / 1e6, dir);
            }
            return 0;
        }
    }

    @Command(name = "install", description = "Install from a folder or an http(s) URL holding mrtbox-model.json; checksummed, resumable, atomic.")
    static final class Install implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "FOLDER_OR_URL")
        String source;

        @Override
        public Integer call() throws Exception {
            long[] lastPercent = {-1};
            try {
                Path dir = new ModelInstaller(parent.modelsDir()).install(source, (file, done, total) -> {
                    long pct = total == 0 ? 100 : done * 100 / total;
                    if (pct != lastPercent[0]) {
                        lastPercent[0] = pct;
                        System.out.printf(Locale.ROOT, "\r%3d%% %s", pct, file);
                        System.out.flush();
                    }
                });
                System.out.println();
                System.out.println("installed " + dir);
                return 0;
            } catch (IOException e) {
                System.out.println();
                throw new UserError("install failed (the previous model is untouched; run again to resume): " + e.getMessage());
            }
        }
    }

    @Command(name = "verify", description = "Check every file of the installed models (or one) against its manifest; lists what is missing or wrong.")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ModelsCommand parent;

        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            List<Path> dirs = name == null ? installed(parent.modelsDir()) : List.of(parent.modelsDir().resolve(name));
            int bad = 0;
            for (Path dir : dirs) {
                Path manifest = dir.resolve(ModelManifest.FILE_NAME);
                if (!Files.isRegularFile(manifest)) {
                    System.out.println(dir + ": no " + ModelManifest.FILE_NAME);
                    bad++;
                    continue;
                }
                ModelManifest m = ModelManifest.read(manifest);
                List<String> problems = m.verify(dir);
                System.out.println(dir.getFileName() + ": " + (problems.isEmpty() ? "OK" : problems.size() + " problem(s)"));
                problems.forEach(p -> System.out.println("  " + p));
                if (mrtbox.inference.mrt2.Mrt2Models.KIND.equals(m.kind())) {
                    String mc = m.components().getOrDefault(ModelManifest.MUSICCOCA_TFLITE, "resources/musiccoca");
                    System.out.println("  musiccoca (" + mc + "): " + mrtbox.inference.style.TfliteMusicCoca.summary(dir.resolve(mc)));
                }
                if (!problems.isEmpty()) bad++;
            }
            return bad == 0 ? 0 : 1;
        }
    }

    @Command(name = "describe", description = "Write mrtbox-model.json for a folder of downloaded release files (hashes every file), ready for install.")
    static final class Describe implements Callable<Integer> {
        @Parameters(paramLabel = "FOLDER")
        Path folder;

        @Option(names = "--name", required = true, description = "model name, e.g. mrt-v1-base")
        String name;

        @Option(names = "--kind", defaultValue = "mrt-v1", description = "model kind (default: ${DEFAULT-VALUE})")
        String kind;

        @Option(names = "--component", split = ",", description = "component=relative path, e.g. llm=checkpoints/llm_base_x4286_c1860k.tar")
        java.util.Map<String, String> components = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(folder)) throw new UserError(folder + ": not a folder");
            for (var c : components.entrySet()) {
                if (!Files.exists(folder.resolve(c.getValue()))) throw new UserError("component " + c.getKey() + ": " + folder.resolve(c.getValue()) + " does not exist");
            }
            ModelManifest m;
            try {
                m = ModelManifest.describe(folder, kind, name, components);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            Files.writeString(folder.resolve(ModelManifest.FILE_NAME), m.toJson());
            System.out.println("wrote " + folder.resolve(ModelManifest.FILE_NAME) + " (" + m.files().size() + " files)");
            return 0;
        }
    }

    static List<Path> installed(Path modelsDir) throws IOException {
        if (!Files.isDirectory(modelsDir)) return List.of();
        try (Stream<Path> s = Files.list(modelsDir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(ModelManifest.FILE_NAME))).sorted().toList();
        }
    }
}
