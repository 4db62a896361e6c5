package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With controlPlane.manage the operator patches the control plane and writes nothing of the mesh until the
 * Deployment has rolled out. The Deployment here carries no {@code app=kuma-control-plane} label, so the stand-in does
 * not play its Deployment controller: the test writes the status a rollout produces, at the moment it chooses.
 */
class ControlPlaneRolloutIT {

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
    void theMeshWaitsUntilThePatchedControlPlaneHasRolledOut() {
        String name = TestCluster.uniqueName("cp-rollout");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        Deployment installed = ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1, ClusterFixtures.helmDefaultEnv(system),
                "500m", "256Mi");
        installed.getMetadata().getLabels().put("app", "kuma-cp-rolled-by-this-test");
        ClusterFixtures.createAsHelm(client, installed);

        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s, manage: true, forceOwnership: true, replicas: 3}
                """.formatted(name, system)));
        KumaProductionProfile waiting = awaitProfile(client, name, Duration.ofSeconds(60), p -> condition(p, "Ready")
                .map(c -> "WaitingForControlPlaneRollout".equals(c.getReason())).orElse(false));
        assertThat(condition(waiting, "Ready").orElseThrow().getMessage()).contains("kuma-control-plane");
        Deployment patched = client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get();
        assertThat(patched.getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get())
                .as("nothing of the mesh before the rollout").isNull();

        // The Deployment controller's word: the newest generation seen, three replicas updated and available.
        client.apps().deployments().inNamespace(system).withName("kuma-control-plane").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(3)
                    .withUpdatedReplicas(3).withReadyReplicas(3).withAvailableReplicas(3).build());
            return d;
        });
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().completedSteps).contains("0-control-plane", "1-mesh");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).isNotNull();
    }
}
