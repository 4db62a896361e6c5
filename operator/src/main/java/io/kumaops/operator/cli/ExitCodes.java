package io.kumaops.operator.cli;

/** Exit codes shared by the subcommands. */
public final class ExitCodes {
    public static final int OK = 0;
    /** lint: a finding reached --fail-on. */
    public static final int FINDINGS = 1;
    /** Bad usage or input that cannot be read as profiles. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
