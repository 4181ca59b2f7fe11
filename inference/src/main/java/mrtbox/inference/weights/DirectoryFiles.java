package mrtbox.inference.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Checkpoint files in a plain directory. */
final class DirectoryFiles implements CheckpointFiles {
    private final Path root;

    DirectoryFiles(Path root) {
        this.root = root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String describe(String path) {
        return root.resolve(path).toString();
    }

    @Override
    public boolean exists(String path) {
        return Files.isRegularFile(root.resolve(path));
    }

    @Override
    public long size(String path) throws IOException {
        try {
            return Files.size(root.resolve(path));
        } catch (NoSuchFileException e) {
            throw new WeightException(describe(path) + ": file missing");
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        try {
            return Files.newInputStream(root.resolve(path));
        } catch (NoSuchFileException e) {
            throw new WeightException(describe(path) + ": file missing");
        }
    }

    @Override
    public void close() {}
}
