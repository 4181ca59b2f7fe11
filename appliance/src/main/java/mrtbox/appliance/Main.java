package mrtbox.appliance;

import mrtbox.appliance.cli.MrtboxCommand;
import picocli.CommandLine;

/** Entry point of the one launcher ({@code ./mrtbox}): every subcommand but {@code test} lands here. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(MrtboxCommand.commandLine().execute(args));
    }
}
