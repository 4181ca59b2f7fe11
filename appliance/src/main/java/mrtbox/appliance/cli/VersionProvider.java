package mrtbox.appliance.cli;

import picocli.CommandLine;

/** Reports the version Maven wrote into the jar manifest ("dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"mrtbox " + (v == null ? "dev" : v)};
    }
}
