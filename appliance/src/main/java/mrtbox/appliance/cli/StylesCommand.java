package mrtbox.appliance.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import mrtbox.appliance.config.LoadedConfig;
import mrtbox.appliance.catalog.ModelCatalog;
import mrtbox.appliance.catalog.ModelProvider;
import mrtbox.appliance.state.BoxSettingsFile;
import mrtbox.appliance.state.StateStore;
import mrtbox.appliance.styles.StyleBuilder;
import mrtbox.appliance.styles.StyleLibrary;
import mrtbox.appliance.styles.StylesFile;
import mrtbox.inference.style.StyleEmbedder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code mrtbox styles build|list|delete}: personal styles made from your own recordings, used in a prompt slot as
 * {@code :NAME} (the mean) or {@code :NAME/2} (a centroid). Runs without the box (a running box picks up changes).
 */
@Command(name = "styles", mixinStandardHelpOptions = true, description = "Build, list and delete personal styles (:NAME in a prompt slot).",
        subcommands = {StylesCommand.Build.class, StylesCommand.ListStyles.class, StylesCommand.Delete.class, StylesCommand.Axes.class})
public final class StylesCommand implements Runnable {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT, description = "the config file (mrtbox.json) to use")
    Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "the state directory (default: the one `mrtbox run` uses)")
    Path stateDir;

    @Override
    public void run() {
        throw new UserError("name an action: build FOLDER --name NAME, list, delete NAME");
    }

    /** The config, the state store and the models directory, resolved as {@code mrtbox run} does. */
    record Setting(LoadedConfig loaded, StateStore store, ModelCatalog catalog) {}

    Setting setting() {
        CommandConfig found = CommandConfig.load(config);
        Path state = stateDir != null ? stateDir : found.paths().state();
        try {
            java.nio.file.Files.createDirectories(state);
        } catch (IOException e) {
            throw new UserError(e.getMessage());
        }
        return new Setting(found.loaded(), new StateStore(state, Clock.systemUTC()), ModelCatalog.standard(found.paths().models()));
    }

    @Command(name = "build", description = {"Embed every audio file in FOLDER (10 s clips, mean per file) with the model's style"
            + " embedder and store the mean and the k-means centroids as :NAME and :NAME/1 .. :NAME/K.",
            "Files that are not audio or cannot be read are skipped and listed."})
    static final class Build implements Callable<Integer> {
        @ParentCommand
        StylesCommand parent;

        @Parameters(paramLabel = "FOLDER")
        Path folder;

        @Option(names = "--name", required = true, description = "the style's name, typed as :NAME in a prompt slot")
        String name;

        @Option(names = "--clusters", defaultValue = "" + StyleBuilder.DEFAULT_CLUSTERS,
                description = "k-means centroids to keep (default ${DEFAULT-VALUE}; fewer when there are fewer files)")
        int clusters;

        @Option(names = "--model", description = "whose style embedder to use (default: the model the box plays)")
        String model;

        @Option(names = "--replace", description = "overwrite a style of the same name")
        boolean replace;

        @Override
        public Integer call() throws Exception {
            Setting s = parent.setting();
            PrintStream out = System.out;
            StyleLibrary library = new StyleLibrary(s.store());
            if (!library.problem().isEmpty()) out.println("warning: " + library.problem());
            try {
                library.checkName(name, replace);
            } catch (StyleLibrary.NameTaken | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            String modelName = model != null ? model : playedModel(s);
            ModelProvider provider;
            try {
                provider = s.catalog().require(modelName);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            StyleBuilder.Result result;
            try (StyleEmbedder embedder = provider.openStyleEmbedder().orElseThrow(() -> new UserError(
                    "model '" + modelName + "' has no style embedder, so no style can be built for it"))) {
                out.println("embedding " + folder + " with " + embedder.modelId() + " (model " + modelName + ")");
                result = new StyleBuilder(embedder).build(folder, name, clusters, Clock.systemUTC().instant(),
                        (file, outcome) -> out.println("  " + file + ": " + outcome));
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            try {
                library.add(result.style(), replace);
            } catch (StyleLibrary.NameTaken e) {
                throw new UserError(e.getMessage());
            }
            StylesFile.PersonalStyle st = result.style();
            out.printf(Locale.ROOT, "style '%s': %d files, mean and %d centroids (%d-d, %s); use :%s or :%s/1 .. :%s/%d%n",
                    st.name(), st.files().size(), result.clusters(), st.mean().length, st.styleModelId(),
                    st.name(), st.name(), st.name(), result.clusters());
            if (!result.skipped().isEmpty()) {
                out.println(result.skipped().size() + " file(s) skipped:");
                for (StyleBuilder.Skipped k : result.skipped()) out.println("  " + k.file() + ": " + k.reason());
            }
            out.println("saved in " + library.file() + "; these vectors fit only models with the style embedder " + st.styleModelId());
            return 0;
        }

        static String playedModel(Setting s) {
            BoxSettingsFile saved = s.store().load(BoxSettingsFile.TYPE).value();
            return saved.model() != null ? saved.model() : s.loaded().config().model().name();
        }
    }

    @Command(name = "axes", description = {"Import style axes from an axis file (MRT2's PCA safetensors: component_0..5 become"
            + " style.axis.1..6, other tensors of the embedding's size become named styles), or --clear them to go back to"
            + " the PCA of your styles."})
    static final class Axes implements Callable<Integer> {
        @ParentCommand
        StylesCommand parent;

        @Parameters(arity = "0..1", paramLabel = "FILE.safetensors")
        Path file;

        @Option(names = "--model", description = "whose style embedder the file belongs to (default: the model the box plays)")
        String model;

        @Option(names = "--replace", description = "overwrite styles of the same names")
        boolean replace;

        @Option(names = "--clear", description = "remove the imported axes of this model")
        boolean clear;

        @Override
        public Integer call() throws Exception {
            if ((file == null) == !clear) throw new UserError("name an axis file, or --clear");
            Setting s = parent.setting();
            StyleLibrary library = new StyleLibrary(s.store());
            String modelName = model != null ? model : Build.playedModel(s);
            ModelProvider provider;
            try {
                provider = s.catalog().require(modelName);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            if (clear) {
                String id = provider.styleModelId().orElseThrow(() -> new UserError("model '" + modelName + "' has no style embedder"));
                library.putAxisSet(id, null);
                System.out.println("imported axes removed for " + id + "; the style axes follow the PCA of your styles again");
                return 0;
            }
            String id;
            int dim;
            try (StyleEmbedder embedder = provider.openStyleEmbedder().orElseThrow(() -> new UserError(
                    "model '" + modelName + "' has no style embedder, so axes cannot be imported for it"))) {
                id = embedder.modelId();
                dim = embedder.dim();
            }
            mrtbox.appliance.styles.AxisFile.Contents c;
            try {
                c = mrtbox.appliance.styles.AxisFile.read(file, id, dim, Clock.systemUTC().instant());
            } catch (IOException e) {
                throw new UserError(e.getMessage());
            }
            if (c.axes() != null) {
                library.putAxisSet(id, c.axes());
                System.out.println(c.axes().axes().size() + " style axes imported for " + id);
            }
            for (StylesFile.PersonalStyle st : c.styles()) {
                try {
                    library.add(st, replace);
                    System.out.println("style :" + st.name() + " imported");
                } catch (StyleLibrary.NameTaken e) {
                    System.out.println("style " + st.name() + " skipped: " + e.getMessage());
                }
            }
            for (String k : c.skipped()) System.out.println("skipped " + k);
            if (c.axes() == null && c.styles().isEmpty()) throw new UserError(file + ": no component_N and no " + dim + "-value vectors in it");
            return 0;
        }
    }

    @Command(name = "list", description = "The personal styles: name, centroids, files, style model.")
    static final class ListStyles implements Callable<Integer> {
        @ParentCommand
        StylesCommand parent;

        @Override
        public Integer call() {
            StyleLibrary library = new StyleLibrary(parent.setting().store());
            if (!library.problem().isEmpty()) System.out.println("warning: " + library.problem());
            List<StylesFile.PersonalStyle> styles = library.styles();
            if (styles.isEmpty()) System.out.println("no personal styles yet (mrtbox styles build FOLDER --name NAME)");
            for (StylesFile.AxisSet a : library.current().axisSets()) {
                System.out.println("axes: " + a.axes().size() + " imported from " + a.source() + " for " + a.styleModelId());
            }
            for (StylesFile.PersonalStyle st : styles) {
                System.out.printf(Locale.ROOT, "%-20s %2d centroids %4d files  %4d-d  %s  built %s%n", ":" + st.name(),
                        st.centroids().size(), st.files().size(), st.mean().length, st.styleModelId(), st.created());
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a personal style.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        StylesCommand parent;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            StyleLibrary library = new StyleLibrary(parent.setting().store());
            if (!library.delete(name)) throw new UserError("no personal style named '" + name + "' (see: mrtbox styles list)");
            System.out.println("deleted style '" + name + "'");
            return 0;
        }
    }
}
