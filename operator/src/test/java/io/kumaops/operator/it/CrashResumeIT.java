package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.reconcile.RolloutHooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator is stopped right after each step boundary (the step observed, the next not yet written); a new
 * operator resumes from what it observes and reaches Ready with the order intact.
 */
class CrashResumeIT {

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"CONTROL_PLANE", "MESH", "TRAFFIC_PERMISSION", "MTLS", "DEFAULTS", "MULTI_ZONE"})
    void resumesAfterAStopAtEveryStepBoundary(Step boundary) throws InterruptedException {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        String name = TestCluster.uniqueName("crash-" + boundary.ordinal());
        KumaProductionProfile profile = isolatedExample(client, "production.yaml", name);
        profile.getSpec().controlPlane.manage = false;
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicBoolean tripped = new AtomicBoolean();
        RolloutHooks crashAtBoundary = new RolloutHooks() {
            @Override
            public void stepObserved(KumaProductionProfile p, Step step, long nanos) {
                if (p.getMetadata().getName().equals(name) && step == boundary && tripped.compareAndSet(false, true)) {
                    crashed.countDown();
                    throw new IllegalStateException("simulated crash after step " + step.id());
                }
            }
        };
        try (WriteLog log = WriteLog.start(client, name, name)) {
            TestCluster.RunningOperator first = cluster.startOperator(TestCluster.testOptions().withHooks(crashAtBoundary));
            apply(client, profile);
            assertThat(crashed.await(30, TimeUnit.SECONDS)).as("reached the boundary").isTrue();
            first.close();
            int writesBeforeRestart = log.size();

            try (TestCluster.RunningOperator second = cluster.startOperator(TestCluster.testOptions())) {
                KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
                assertThat(ready.getStatus().completedSteps).hasSize(Step.values().length);
            }
            assertThat(log.size()).as("the second operator wrote the rest").isGreaterThanOrEqualTo(writesBeforeRestart);
            long allowAll = log.firstRevision(w -> w.name().equals("allow-all-" + name) && w.type().equals("ADDED"));
            long mtls = log.firstRevision(WriteLog.Write::meshWithEnabledBackend);
            long defaults = log.firstRevision(w -> w.kind().equals("MeshTimeout"));
            long lastRule = log.lastRevision(w -> w.name().startsWith(name + "-") && w.kind().equals("MeshTrafficPermission") && w.type().equals("ADDED"));
            long allowAllGone = log.firstRevision(w -> w.name().equals("allow-all-" + name) && w.type().equals("DELETED"));
            assertThat(allowAll).isLessThan(mtls);
            assertThat(mtls).isLessThan(defaults);
            assertThat(defaults).isLessThan(lastRule);
            assertThat(lastRule).isLessThan(allowAllGone);
        }
    }
}
