package io.kumaops.operator.runtime;

/** The version of this build: what {@code --version} prints, lint reports carry and {@code kumaops_build_info} exports. */
public final class BuildVersion {

    private BuildVersion() {
    }

    /** The jar's Implementation-Version (the Maven project version, set by the shade plugin); {@code dev} when run from classes. */
    public static String current() {
        String version = BuildVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
