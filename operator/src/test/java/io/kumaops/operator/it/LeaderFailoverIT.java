package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.runtime.OperatorRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two operator processes on one Lease; the leader is killed with SIGKILL in the middle of a rollout (right after its
 * first write of {@code 3-mtls} is seen), so it releases nothing. The standby takes the Lease once it has expired, no
 * sooner, within one lease duration and one retry of the kill, and completes the rollout in the safe order. At every
 * write the holder of the Lease is the process that made it: the leader before its death, nobody between its death
 * and the takeover, the standby after.
 */
class LeaderFailoverIT {

    /**
     * Kill to takeover, at most: the dead leader renewed at most one lease duration before the Lease expires, and the
     * standby tries again within one retry period plus fabric8's jitter of up to 1.2 periods
     * ({@code LeaderElector.acquire}); the rest is the time to write the Lease on a busy machine.
     */
    private static final Duration TAKEOVER_BOUND = OperatorRunner.LEASE_DURATION
            .plus(OperatorRunner.RETRY_PERIOD.multipliedBy(22).dividedBy(10)).plusSeconds(3);

    @TempDir
    Path dir;

    /** One version of the Lease as the API server stored it. */
    record LeaseWrite(long revision, String holder, ZonedDateTime acquired, ZonedDateTime renewed, long seenNanos) {
    }

    @Test
    void theStandbyTakesTheExpiredLeaseAndCompletesTheRolloutInOrder() throws Exception {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        // Both processes reconcile every profile in the shared API server: only this test's.
        ItSupport.removeProfilesOfEarlierTests(client);
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfigYaml());
        String namespace = TestCluster.uniqueName("kumaops-failover");
        ItSupport.createNamespace(client, namespace);
        String name = TestCluster.uniqueName("failover");
        KumaProductionProfile profile = ProcessRollout.prepare(client, "production.yaml", name);

        List<LeaseWrite> leases = new CopyOnWriteArrayList<>();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch killSent = new CountDownLatch(1);
        try (OperatorJar jars = new OperatorJar(dir);
             Watch leaseWatch = watchLease(client, namespace, leases);
             WriteLog log = WriteLog.start(client, name, name, WriteLog.CONTROL_PLANE_KINDS)) {
            // Both start together: whichever takes the Lease first leads.
            OperatorJar.Replica a = start(jars, kubeconfig, namespace, "failover-a");
            OperatorJar.Replica b = start(jars, kubeconfig, namespace, "failover-b");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> holder(leases) != null);
            OperatorJar.Replica leader = holder(leases).equals(a.identity()) ? a : b;
            OperatorJar.Replica standby = leader == a ? b : a;
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> standby.stderr().contains("standing by: the Lease"));
            log.onWrite(write -> {
                boolean mtlsWritten = StepOrder.stepWrites(log.ordered()).stream().anyMatch(w -> w.step() == Step.MTLS);
                if (mtlsWritten && killed.compareAndSet(false, true)) {
                    leader.process().destroyForcibly();
                    killSent.countDown();
                }
            });
            ItSupport.apply(client, profile);

            assertThat(killSent.await(90, TimeUnit.SECONDS)).as("the rollout reached 3-mtls; leader stderr:\n" + leader.stderr()).isTrue();
            leader.kill();
            long dead = System.nanoTime();
            long deathRevision = ProcessRollout.currentRevision(client);
            KumaProductionProfile atDeath = ItSupport.get(client, name);
            await().atMost(TAKEOVER_BOUND.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> standby.identity().equals(holder(leases)));
            LeaseWrite takeover = leases.stream().filter(l -> standby.identity().equals(l.holder())).findFirst().orElseThrow();
            long takeoverMs = (takeover.seenNanos() - dead) / 1_000_000;
            KumaProductionProfile ready = ItSupport.awaitProfile(client, name, Duration.ofSeconds(90), ProcessRollout::settled);

            List<WriteLog.Write> ordered = log.ordered();
            List<StepOrder.StepWrite> stepWrites = StepOrder.stepWrites(ordered);
            LeaseWrite lastRenewal = leases.stream().filter(l -> leader.identity().equals(l.holder()))
                    .max(Comparator.comparingLong(LeaseWrite::revision)).orElseThrow();
            List<String> wrongHolder = new ArrayList<>();
            for (StepOrder.StepWrite stepWrite : stepWrites) {
                long revision = stepWrite.write().revision();
                String holderThen = holderAt(leases, revision);
                String expected = revision <= deathRevision ? leader.identity() : revision > takeover.revision() ? standby.identity() : null;
                if (expected == null || !expected.equals(holderThen)) {
                    wrongHolder.add(stepWrite + " while the Lease was held by " + holderThen);
                }
            }
            long leaderWrites = stepWrites.stream().filter(w -> w.write().revision() <= deathRevision).count();
            long standbyWrites = stepWrites.stream().filter(w -> w.write().revision() > takeover.revision()).count();
            List<StepOrder.Violation> violations = StepOrder.violations(ordered);
            System.out.println("LeaderFailoverIT: " + leader.identity() + " killed at " + ProcessRollout.completedSteps(atDeath)
                    + "; " + standby.identity() + " held the Lease " + takeoverMs + " ms after the kill (bound " + TAKEOVER_BOUND.toMillis()
                    + " ms; lease " + OperatorRunner.LEASE_DURATION.toSeconds() + " s, retry " + OperatorRunner.RETRY_PERIOD.toSeconds()
                    + " s), " + Duration.between(lastRenewal.renewed(), takeover.acquired()).toMillis() + " ms after the dead leader's last renewal; "
                    + "step writes: " + leaderWrites + " by the leader, " + standbyWrites + " by the standby, "
                    + wrongHolder.size() + " under another holder; order violations " + violations.size());

            assertThat(ready.getStatus().completedSteps).hasSize(Step.values().length);
            assertThat(ProcessRollout.recorded(atDeath, Step.RESTRICT)).as("killed mid-rollout").isFalse();
            assertThat(takeoverMs).as("ms from the kill to the standby holding the Lease").isLessThanOrEqualTo(TAKEOVER_BOUND.toMillis());
            assertThat(takeover.acquired()).as("the standby took the Lease only once it had expired")
                    .isAfterOrEqualTo(lastRenewal.renewed().plus(OperatorRunner.LEASE_DURATION));
            assertThat(wrongHolder).as("every write made by the Lease's holder").isEmpty();
            assertThat(leaderWrites).as("the leader wrote before its death").isPositive();
            assertThat(standbyWrites).as("the standby completed the rollout").isPositive();
            assertThat(violations).isEmpty();
            String standbyLog = standby.stderr();
            assertThat(standbyLog).contains("leading: holding the Lease").doesNotContain("lost leadership");
            // The process's own word on what it wrote: nothing before it led.
            int firstWrite = standbyLog.indexOf("profile " + name + ": step ");
            assertThat(firstWrite).as("the standby logged its writes").isPositive();
            assertThat(standbyLog.indexOf("leading: holding the Lease")).as("the standby led before it wrote").isLessThan(firstWrite);
        }
    }

    private static OperatorJar.Replica start(OperatorJar jars, Path kubeconfig, String namespace, String identity) throws Exception {
        ProcessBuilder builder = OperatorJar.command(ProcessRollout.JVM_OPTIONS, List.of("run", "--kubeconfig", kubeconfig.toString(),
                "--lease-namespace", namespace, "--health-port", "-1", "--metrics-port", "-1", "--step-settle-time", "1s"));
        builder.environment().put("POD_NAME", identity);
        return jars.start(builder, identity, identity);
    }

    private static Watch watchLease(KubernetesClient client, String namespace, List<LeaseWrite> leases) {
        return client.leases().inNamespace(namespace).withName(OperatorRunner.LEASE_NAME).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Lease lease) {
                leases.add(new LeaseWrite(Long.parseLong(lease.getMetadata().getResourceVersion()), lease.getSpec().getHolderIdentity(),
                        lease.getSpec().getAcquireTime(), lease.getSpec().getRenewTime(), System.nanoTime()));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** The holder of the newest version of the Lease seen so far. */
    private static String holder(List<LeaseWrite> leases) {
        return leases.stream().max(Comparator.comparingLong(LeaseWrite::revision)).map(LeaseWrite::holder).orElse(null);
    }

    /** The holder of the Lease when etcd was at {@code revision}: its newest version written before. */
    private static String holderAt(List<LeaseWrite> leases, long revision) {
        return leases.stream().filter(l -> l.revision() < revision).max(Comparator.comparingLong(LeaseWrite::revision))
                .map(LeaseWrite::holder).orElse(null);
    }
}
