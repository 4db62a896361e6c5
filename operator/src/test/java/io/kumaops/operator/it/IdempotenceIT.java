package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.runtime.OperatorRunner;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A Ready profile whose world does not change costs reads, never writes: no status hot loop. */
class IdempotenceIT {

    private static final int PASSES = 12;

    @Test
    void resyncsOfAReadyProfileWriteNothing() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        String name = TestCluster.uniqueName("idle");
        KumaProductionProfile profile = isolatedExample(client, "production.yaml", name);
        profile.getSpec().controlPlane.manage = false;
        RequestCounter counter = new RequestCounter();
        KubernetesClient operatorClient = RequestCounter.countingClient(cluster.kubeconfigYaml(), counter);
        // Resync every 200 ms: the test watches a dozen full passes.
        OperatorRunner runner = OperatorRunner.start(operatorClient, TestCluster.testOptions(Duration.ofMillis(200)));
        try (WriteLog log = WriteLog.start(client, name, name)) {
            apply(client, profile);
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
            // Kuma's Mesh controller has written the Mesh once, and the pass that wrote Ready is over, before the count starts.
            ItSupport.awaitKumaMeshDefaults(client, name);
            awaitFreshPasses(runner, name, 1);
            long writesAtReady = counter.writes();
            var before = counter.snapshot();
            long readsAtReady = counter.get("read");
            int logged = log.size();
            String profileVersion = ItSupport.get(client, name).getMetadata().getResourceVersion();

            awaitFreshPasses(runner, name, PASSES);

            System.out.println("STATUS-AT-READY " + io.fabric8.kubernetes.client.utils.Serialization.asJson(ready.getStatus()));
            System.out.println("STATUS-AFTER    " + io.fabric8.kubernetes.client.utils.Serialization.asJson(ItSupport.get(client, name).getStatus()));
            assertThat(counter.get("read") - readsAtReady).as("every pass reads what it observes").isGreaterThanOrEqualTo(PASSES);
            assertThat(counter.writes() - writesAtReady).as("writes while idle: before " + before + " after " + counter.snapshot()).isZero();
            assertThat(log.size()).as("no managed object changed").isEqualTo(logged);
            assertThat(ItSupport.get(client, name).getMetadata().getResourceVersion()).as("profile untouched").isEqualTo(profileVersion);
            assertThat(ready.getStatus().managedResources).isNotEmpty();
        } finally {
            runner.close();
            operatorClient.close();
        }
    }
}
