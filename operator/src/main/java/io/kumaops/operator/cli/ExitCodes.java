package io.kumaops.operator.cli;

/** Exit codes shared by the subcommands. A stop asked for by a signal (SIGTERM, SIGINT, SIGHUP) is {@link #OK}. */
public final class ExitCodes {
    public static final int OK = 0;
    /** lint: a finding reached --fail-on. */
    public static final int FINDINGS = 1;
    /** Bad usage or input that cannot be read as profiles. */
    public static final int USAGE = 2;
    /** run: the leader-election Lease was lost while running; a restart stands by. */
    public static final int LEADERSHIP_LOST = io.kumaops.operator.runtime.OperatorRunner.LEADERSHIP_LOST_EXIT_CODE;

    private ExitCodes() {
    }
}
