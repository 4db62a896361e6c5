package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.support.TestProfiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** spec.rollout.paused stops the rollout before its next write; setting it back continues from where it stood. */
class PausedRolloutIT {

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        TestCluster cluster = TestCluster.get();
        client = cluster.client();
        operator = cluster.startOperator(TestCluster.testOptions());
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void aPausedProfileWritesNothingAndContinuesWhenUnpaused() {
        String name = TestCluster.uniqueName("paused");
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mtls:
                  enabled: true
                  enabledBackend: ca-1
                  backends:
                    - {name: ca-1, type: Builtin}
                rollout: {paused: true}
                """);
        apply(client, profile);
        KumaProductionProfile paused = awaitPhase(client, name, Phase.Blocked);
        assertThat(condition(paused, "Ready").orElseThrow().getReason()).isEqualTo("Paused");
        assertThat(condition(paused, "Ready").orElseThrow().getMessage()).contains("spec.rollout.paused is true")
                .contains(" would write ");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("no Mesh written").isNull();

        KumaProductionProfile stored = ItSupport.get(client, name);
        stored.getSpec().rollout.paused = false;
        stored.getMetadata().setManagedFields(null);
        stored.getMetadata().setResourceVersion(null);
        stored.setStatus(null);
        apply(client, stored);
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().completedSteps).contains("1-mesh", "3-mtls");
    }
}
