package io.kumaops.operator.cli;

import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"kuma-production-operator " + (version == null ? "dev" : version)};
    }
}
