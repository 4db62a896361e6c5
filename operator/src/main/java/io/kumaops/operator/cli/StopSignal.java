package io.kumaops.operator.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM, SIGINT and SIGHUP ask {@code run} to stop. They are taken from the JVM's shutdown-hook machinery on
 * purpose: the orderly stop (drain reconciles, release the Lease, stop the local API server) then runs on the main
 * thread, outside any shutdown hook, and the process exits 0. Before {@link #running()} there is nothing to drain,
 * so a signal ends the process at once; so does a second signal during the stop.
 */
final class StopSignal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
    private static final String[] SIGNALS = {"TERM", "INT", "HUP"};

    private final CountDownLatch requested = new CountDownLatch(1);
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private boolean running;

    private StopSignal() {
    }

    static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, stop::received));
            } catch (IllegalArgumentException e) {
                // Reserved by the JVM (-Xrs) or unknown on this platform: that signal keeps its default behaviour.
                LOG.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
        return stop;
    }

    /** From now on a signal stops the operator in order instead of ending the process. */
    synchronized void running() {
        running = true;
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    void await() throws InterruptedException {
        requested.await();
    }

    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return requested.await(timeout, unit);
    }

    private void received(Signal signal) {
        boolean orderly;
        synchronized (this) {
            orderly = running && !requested();
            requested.countDown();
        }
        if (orderly) {
            LOG.info("SIG{} received: stopping (a reconcile in flight finishes first)", signal.getName());
            return;
        }
        LOG.warn("SIG{} received {}: exiting now", signal.getName(), running ? "again" : "during start-up");
        // The local API server and etcd are child processes; do not leave them behind.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        System.exit(128 + signal.getNumber());
    }

    /** Gives the signals back (the in-process tests run {@code run} inside a longer-lived JVM). */
    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot restore SIG{}: {}", signal.getName(), e.getMessage());
            }
        });
    }
}
