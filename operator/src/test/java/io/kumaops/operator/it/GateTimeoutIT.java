package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kuma in the loop, control plane silent: with the stand-in's reports stopped no MeshInsight appears, the step after
 * 1-mesh waits, and past spec.rollout.gateTimeout the profile is Blocked with KumaNotReporting; once Kuma reports
 * again the rollout completes without anyone touching the profile.
 */
class GateTimeoutIT {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        cluster = TestCluster.get();
        client = cluster.client();
        operator = cluster.startOperator(TestCluster.testOptions());
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void aSilentControlPlaneBlocksTheStepAfterTheTimeoutAndReportsResumeIt() {
        String name = TestCluster.uniqueName("silent");
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mtls:
                  enabled: true
                  enabledBackend: ca-1
                  backends:
                    - {name: ca-1, type: Builtin}
                rollout: {gateTimeout: 3s}
                """);
        InsightReporter reports = cluster.standIn().reports();
        reports.stop();
        Instant applied = Instant.now();
        try {
            apply(client, profile);
            KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(30),
                    p -> p.getStatus().gateWait != null);
            assertThat(waiting.getStatus().gateWait.step).isEqualTo("2-traffic-permission");
            assertThat(condition(waiting, "Ready").orElseThrow().getReason()).isEqualTo("WaitingForKuma");

            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            Finding notReporting = blocked.getStatus().findings.stream().filter(f -> f.code.equals("KumaNotReporting")).findFirst()
                    .orElseThrow();
            assertThat(notReporting.message).contains("step 2-traffic-permission has waited for Kuma's control plane since")
                    .contains("no MeshInsight " + name + " yet");
            assertThat(Duration.between(applied, Instant.now())).as("not before the timeout").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(condition(blocked, "Ready").orElseThrow().getReason()).isEqualTo("BlockedByFinding");
            assertThat(blocked.getStatus().completedSteps).as("nothing after 1-mesh was written").containsExactly("0-control-plane", "1-mesh");
        } finally {
            reports.start();
        }
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().gateWait).isNull();
        assertThat(ready.getStatus().findings).extracting(f -> f.code).doesNotContain("KumaNotReporting");
    }
}
