package io.kumaops.operator.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * Where {@code render} and {@code lint} meet the shell: whatever the input, the process ends with 0, 1 or 2 and one
 * line on stderr. Exit 1 means findings to CI, so a JVM dying of an error must not produce it; running out of heap or
 * stack is input too large or too deep for this JVM (exit 2, like any input that cannot be read), and an exception
 * that escapes a command is a bug, reported as such instead of as a stack trace.
 */
final class CommandBoundary {

    private CommandBoundary() {
    }

    static int run(PrintWriter err, String command, Callable<Integer> body) {
        try {
            return body.call();
        } catch (OutOfMemoryError e) {
            return fail(err, command + " ran out of memory: the input is too large for this JVM's heap; read fewer files at once"
                    + " or raise -Xmx (input limits: docs/reliability.md#input-limits)");
        } catch (StackOverflowError e) {
            return fail(err, command + " ran out of stack: the input is nested too deeply (docs/reliability.md#input-limits)");
        } catch (Exception e) {
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
            return fail(err, "internal error in " + command + " (" + e.getClass().getName() + message + "); this is a bug, please report it with the input");
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println("error: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}
