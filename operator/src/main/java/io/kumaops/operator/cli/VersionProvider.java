package io.kumaops.operator.cli;

import io.kumaops.operator.runtime.BuildVersion;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"kuma-production-operator " + version()};
    }

    /** The jar's Implementation-Version (the Maven project version); {@code dev} when run from classes. */
    static String version() {
        return BuildVersion.current();
    }
}
