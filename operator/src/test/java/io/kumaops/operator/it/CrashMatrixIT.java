package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's jar, as its own JVM, killed with SIGKILL in the middle of a rollout, then started again: at a step
 * boundary (the profile's status records the step, no write of a later step yet) and mid-step (right after a write
 * of the step is seen by a watch, before the status records the step). The new process resumes from what it observes;
 * the profile must reach Ready and every write, by whichever process, come in the safe order ({@link StepOrder}).
 *
 * <p>A run is one example's rollout with its kill points in rollout order: each restarted process is killed at the
 * next point, the last one runs to Ready. Every kill is checked afterwards against etcd's revision at the moment the
 * process was gone, and counted as what it turned out to be: a boundary kill that a later step's write beat is a
 * mid-step kill of that step. By default one run (the reference profile, a boundary kill before mTLS and a mid-step
 * kill in the default policies); {@code -Dkumaops.crash.full=true} runs every example, once with a boundary kill after
 * every step and once with a mid-step kill in every step (docs/reliability.md#crashes-of-the-operators-process).
 */
class CrashMatrixIT {

    static final boolean FULL = Boolean.getBoolean("kumaops.crash.full");
    /** Long enough that a pass ends after each step that wrote (the boundaries are visible in the status), short enough to keep a run brief. */
    private static final String SETTLE_TIME = "1s";
    private static final Duration TRIGGER_TIMEOUT = Duration.ofSeconds(90);

    enum KillKind { BOUNDARY, MID_STEP }

    /** BOUNDARY: after {@code step} is recorded, before any later step writes. MID_STEP: after a write of {@code step}, before it is recorded. */
    record KillPoint(KillKind kind, Step step) {
        @Override
        public String toString() {
            return (kind == KillKind.BOUNDARY ? "after " : "in ") + step.id();
        }
    }

    /** What a kill turned out to be, from the revisions and the status at the moment the process was gone. */
    record Kill(KillPoint aimed, KillKind landed, Step step, long revision) {
    }

    record RunResult(String example, List<KillPoint> points, List<Kill> kills, List<StepOrder.Violation> violations,
                     long readyAfterRestartMs, long processStartMs) {
    }

    @TempDir
    Path dir;

    @Test
    void everyRolloutResumesInTheSafeOrderAfterSigkill() throws Exception {
        List<RunResult> results = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        TestCluster cluster = TestCluster.get();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfigYaml());
        long started = System.nanoTime();
        for (String example : FULL ? TestProfiles.examples().stream().map(p -> p.getFileName().toString()).toList() : List.of("production.yaml")) {
            if (!ProcessRollout.rollsOut(TestProfiles.example(example))) {
                skipped.add(example + " (a Universal control plane: nothing is written to Kubernetes)");
                continue;
            }
            List<List<KillPoint>> runs = FULL
                    ? List.of(every(KillKind.BOUNDARY, Step.values().length - 1), every(KillKind.MID_STEP, Step.values().length))
                    : List.of(List.of(new KillPoint(KillKind.BOUNDARY, Step.TRAFFIC_PERMISSION), new KillPoint(KillKind.MID_STEP, Step.DEFAULTS)));
            for (List<KillPoint> points : runs) {
                results.add(run(cluster, kubeconfig, example, points));
            }
        }
        report(results, skipped, (System.nanoTime() - started) / 1_000_000);

        assertThat(results).allSatisfy(r -> assertThat(r.violations()).as(r.example() + " " + r.points()).isEmpty());
        assertThat(results).as("every run killed at least once").allSatisfy(r -> assertThat(r.kills()).isNotEmpty());
        if (!FULL) {
            assertThat(results.get(0).kills()).extracting(Kill::landed).as("the sample lands one kill of each kind")
                    .containsExactlyInAnyOrder(KillKind.BOUNDARY, KillKind.MID_STEP);
        }
    }

    private static List<KillPoint> every(KillKind kind, int steps) {
        List<KillPoint> points = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            points.add(new KillPoint(kind, Step.values()[i]));
        }
        return points;
    }

    private RunResult run(TestCluster cluster, Path kubeconfig, String example, List<KillPoint> points) throws Exception {
        KubernetesClient client = cluster.client();
        // The processes reconcile every profile in the shared API server: only this run's, so its timings are its own.
        ItSupport.removeProfilesOfEarlierTests(client);
        String name = TestCluster.uniqueName("sigkill-" + example.replace(".yaml", ""));
        KumaProductionProfile profile = ProcessRollout.prepare(client, example, name);
        Trigger trigger = new Trigger(points);
        List<Kill> kills = new ArrayList<>();
        try (OperatorJar jars = new OperatorJar(dir);
             WriteLog log = WriteLog.start(client, name, name, WriteLog.CONTROL_PLANE_KINDS);
             Watch profileWatch = ProcessRollout.watchProfile(client, name, trigger::profileSeen)) {
            log.onWrite(write -> trigger.writeSeen(log.ordered()));
            OperatorJar.Replica process = start(jars, kubeconfig, name, 0);
            trigger.arm(process);
            ItSupport.apply(client, profile);
            int restarts = 0;
            while (true) {
                CompletableFuture<KillPoint> fired = trigger.fired();
                KillPoint point = awaitKillOrReady(client, name, fired, process);
                if (point == null) {
                    break;
                }
                process.process().waitFor(30, TimeUnit.SECONDS);
                process.kill();
                long revision = ProcessRollout.currentRevision(client);
                KumaProductionProfile atDeath = ItSupport.get(client, name);
                // The watches deliver the writes before the kill a little later: wait until they are all in.
                Thread.sleep(300);
                kills.add(judge(point, log.ordered(), atDeath, revision));
                process = start(jars, kubeconfig, name, ++restarts);
                trigger.arm(process);
            }
            long readyMs = (System.nanoTime() - process.startedNanos()) / 1_000_000;
            long processStartMs = processStartMs(process);
            List<StepOrder.Violation> violations = StepOrder.violations(log.ordered());
            System.out.println("CrashMatrixIT: " + example + " " + points + ": kills " + kills + ", Ready " + readyMs
                    + " ms after the last start (JVM up in " + processStartMs + " ms), " + log.size() + " writes, violations " + violations);
            return new RunResult(example, points, kills, violations, readyMs, processStartMs);
        }
    }

    /** The point whose kill fired, or null once the profile is Ready (the process then keeps running). */
    private static KillPoint awaitKillOrReady(KubernetesClient client, String name, CompletableFuture<KillPoint> fired,
                                              OperatorJar.Replica process) {
        long deadline = System.nanoTime() + TRIGGER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (fired.isDone()) {
                return fired.join();
            }
            KumaProductionProfile current = ItSupport.get(client, name);
            if (ProcessRollout.settled(current)) {
                // A point that never came (a step with nothing to write) is no kill; Ready ends the run.
                return fired.isDone() ? fired.join() : null;
            }
            assertThat(process.process().isAlive()).as("the operator process runs; stderr:\n" + process.stderr()).isTrue();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("neither a kill point nor Ready within " + TRIGGER_TIMEOUT + " for " + name + ": "
                + ItSupport.get(client, name).getStatus().conditions + "\nstderr:\n" + process.stderr());
    }

    /** What the kill was, judged from the writes with a revision at most {@code revision} and the status then. */
    private static Kill judge(KillPoint point, List<WriteLog.Write> ordered, KumaProductionProfile atDeath, long revision) {
        Step latest = StepOrder.latestStepBy(ordered, revision);
        if (latest != null && latest.compareTo(point.step()) > 0) {
            // A later step wrote before the process was gone.
            return new Kill(point, ProcessRollout.recorded(atDeath, latest) ? KillKind.BOUNDARY : KillKind.MID_STEP, latest, revision);
        }
        if (point.kind() == KillKind.MID_STEP && ProcessRollout.recorded(atDeath, point.step())) {
            return new Kill(point, KillKind.BOUNDARY, point.step(), revision);
        }
        return new Kill(point, point.kind(), point.step(), revision);
    }

    private static OperatorJar.Replica start(OperatorJar jars, Path kubeconfig, String name, int restart) throws Exception {
        ProcessBuilder builder = OperatorJar.command(ProcessRollout.JVM_OPTIONS, List.of("run", "--kubeconfig", kubeconfig.toString(),
                "--no-leader-election", "--health-port", "-1", "--metrics-port", "-1", "--step-settle-time", SETTLE_TIME));
        return jars.start(builder, name + "-" + restart, name + "-" + restart);
    }

    /** ms from the process's start until it said it runs against the API server: the JVM's start and the client's. */
    private static long processStartMs(OperatorJar.Replica process) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> process.stdout().contains("running against"));
        try {
            // The file was last written when that line was; its time is the moment the JVM was up.
            long written = Files.getLastModifiedTime(process.out()).toMillis();
            long startedAtWallClock = System.currentTimeMillis() - (System.nanoTime() - process.startedNanos()) / 1_000_000;
            return written - startedAtWallClock;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void report(List<RunResult> results, List<String> skipped, long totalMs) {
        Map<KillKind, Integer> landed = new EnumMap<>(KillKind.class);
        int kills = 0;
        int violations = 0;
        List<Long> ready = new ArrayList<>();
        for (RunResult result : results) {
            for (Kill kill : result.kills()) {
                landed.merge(kill.landed(), 1, Integer::sum);
                kills++;
            }
            violations += result.violations().size();
            ready.add(result.readyAfterRestartMs());
        }
        ready.sort(null);
        System.out.println("CrashMatrixIT: " + (FULL ? "full matrix" : "sample (-Dkumaops.crash.full=true for every example and step)")
                + ": " + results.size() + " runs, " + kills + " SIGKILLs (" + landed.getOrDefault(KillKind.BOUNDARY, 0) + " at a step boundary, "
                + landed.getOrDefault(KillKind.MID_STEP, 0) + " mid-step), " + violations + " order violations, every run Ready; "
                + "time to Ready after the last restart: min " + ready.get(0) + " ms, median " + ready.get(ready.size() / 2) + " ms, max "
                + ready.get(ready.size() - 1) + " ms; " + totalMs / 1000 + " s in all" + (skipped.isEmpty() ? "" : "; not run: " + skipped));
    }

    /**
     * Decides, on the watches' threads, when the running process is killed: at the first of the remaining points
     * whose condition holds, skipping points a rollout passed without giving the chance (a step with nothing to write).
     * The kill is sent from the watch thread that saw the event, so the process has as little time as possible to go on.
     */
    private static final class Trigger {
        private final List<KillPoint> points;
        private int next;
        private OperatorJar.Replica process;
        private CompletableFuture<KillPoint> fired = new CompletableFuture<>();
        private List<String> recorded = List.of();
        private boolean settled;
        private List<WriteLog.Write> writes = List.of();

        Trigger(List<KillPoint> points) {
            this.points = points;
        }

        synchronized void arm(OperatorJar.Replica replica) {
            process = replica;
            fired = new CompletableFuture<>();
        }

        synchronized CompletableFuture<KillPoint> fired() {
            return fired;
        }

        synchronized void profileSeen(KumaProductionProfile profile) {
            recorded = ProcessRollout.completedSteps(profile);
            settled = ProcessRollout.settled(profile);
            evaluate(null);
        }

        synchronized void writeSeen(List<WriteLog.Write> ordered) {
            List<StepOrder.StepWrite> before = StepOrder.stepWrites(writes);
            writes = ordered;
            List<StepOrder.StepWrite> after = StepOrder.stepWrites(ordered);
            evaluate(after.size() > before.size() ? after.get(after.size() - 1) : null);
        }

        private void evaluate(StepOrder.StepWrite newest) {
            if (process == null || fired.isDone()) {
                return;
            }
            Step latest = StepOrder.latestStepBy(writes, Long.MAX_VALUE);
            while (next < points.size()) {
                KillPoint point = points.get(next);
                boolean passed = latest != null && latest.compareTo(point.step()) > 0
                        || point.kind() == KillKind.MID_STEP && recorded.contains(point.step().id());
                // Once Ready the rollout is over: a kill then is no boundary, and no later point can come.
                boolean holds = point.kind() == KillKind.BOUNDARY
                        ? !settled && recorded.contains(point.step().id()) && (latest == null || latest.compareTo(point.step()) <= 0)
                        : newest != null && newest.step() == point.step() && !recorded.contains(point.step().id());
                if (holds) {
                    next++;
                    process.process().destroyForcibly();
                    process = null;
                    fired.complete(point);
                    return;
                }
                if (!passed) {
                    return;
                }
                next++;
            }
        }
    }
}
