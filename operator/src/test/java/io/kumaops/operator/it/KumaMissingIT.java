package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.runtime.LocalCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.schema.CrdSchemas;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** On a cluster without Kuma the operator starts, says so in status, and recovers when Kuma's CRDs appear. */
class KumaMissingIT {

    @Test
    void reportsKumaNotInstalledThenRecovers() {
        // Its own API server: the shared one has Kuma's CRDs, and removing them would delete other tests' objects.
        try (LocalCluster cluster = LocalCluster.start(); KubernetesClient client = cluster.newClient()) {
            client.apiextensions().v1().customResourceDefinitions().resource(Serialization.unmarshal(
                    CrdSchemas.class.getClassLoader().getResourceAsStream(CrdSchemas.PROFILE_CRD_RESOURCE), CustomResourceDefinition.class))
                    .serverSideApply();
            client.apiextensions().v1().customResourceDefinitions().withName("kumaproductionprofiles.kumaops.io")
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                            && c.getStatus().getConditions().stream().anyMatch(x -> x.getType().equals("Established")), 30, java.util.concurrent.TimeUnit.SECONDS);
            OperatorRunner runner = OperatorRunner.start(cluster.newClient(), TestCluster.testOptions());
            try {
                KumaProductionProfile profile = TestProfiles.example("minimal.yaml");
                ItSupport.createNamespace(client, "kuma-system");
                ItSupport.apply(client, profile);
                KumaProductionProfile waiting = ItSupport.awaitProfile(client, "default", Duration.ofSeconds(30),
                        p -> p.getStatus().phase == Phase.Pending);
                assertThat(ItSupport.condition(waiting, "KumaInstalled").orElseThrow().getReason()).isEqualTo("KumaNotInstalled");
                assertThat(ItSupport.condition(waiting, "Ready").orElseThrow().getStatus()).isEqualTo("False");

                // Kuma arrives: its CRDs, then its control plane (the stand-in), whose reports the gates wait for.
                LocalCluster.installCrds(client, null);
                try (var kuma = io.kumaops.operator.standin.KumaStandIn.start(client,
                        io.kumaops.operator.standin.KumaStandIn.Config.defaults().withCreateDefaultMesh(false))) {
                    KumaProductionProfile ready = ItSupport.awaitProfile(client, "default", Duration.ofSeconds(60),
                            p -> p.getStatus().phase == Phase.Ready);
                    assertThat(ItSupport.condition(ready, "KumaInstalled").orElseThrow().getStatus()).isEqualTo("True");
                }
            } finally {
                runner.close();
            }
        }
    }
}
