package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is enough and no more: the operator runs as the chart's ServiceAccount (impersonated, RBAC
 * authorization on the real API server), reaches Ready on every example, and is denied what the chart does not grant.
 */
class ChartRbacIT {

    private static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    @Test
    void operatorWithTheChartsRbacReachesReadyOnEveryExampleAndIsDeniedTheRest() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        ItSupport.createNamespace(admin, ChartSupport.NAMESPACE);
        List<JsonNode> documents = ChartSupport.documents(ChartSupport.template());
        String serviceAccount = null;
        for (JsonNode document : documents) {
            String kind = document.path("kind").asText();
            if (!RBAC_KINDS.contains(kind)) {
                continue;
            }
            HasMetadata object = Serialization.unmarshal(document.toString());
            if (object.getMetadata().getNamespace() == null && !kind.startsWith("Cluster")) {
                object.getMetadata().setNamespace(ChartSupport.NAMESPACE);
            }
            admin.resource(object).serverSideApply();
            if (kind.equals("ServiceAccount")) {
                serviceAccount = object.getMetadata().getName();
            }
        }
        assertThat(serviceAccount).as("the chart creates a ServiceAccount").isNotNull();

        Config config = Config.fromKubeconfig(cluster.kubeconfigYaml());
        config.setImpersonateUsername("system:serviceaccount:" + ChartSupport.NAMESPACE + ":" + serviceAccount);
        config.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + ChartSupport.NAMESPACE, "system:authenticated");
        KubernetesClient asOperator = new KubernetesClientBuilder().withConfig(config).build();

        var denied = catchThrowableOfType(KubernetesClientException.class, () -> asOperator.secrets().inNamespace("kuma-system").list());
        assertThat(denied.getCode()).as("Secrets are not granted by default").isEqualTo(403);
        var noDelete = catchThrowableOfType(KubernetesClientException.class,
                () -> asOperator.apps().deployments().inNamespace("kuma-system").withName("anything").delete());
        assertThat(noDelete.getCode()).as("Deployments may be patched, never deleted").isEqualTo(403);
        var noPods = catchThrowableOfType(KubernetesClientException.class, () -> asOperator.pods().inAnyNamespace().list());
        assertThat(noPods.getCode()).isEqualTo(403);

        OperatorRunner runner = OperatorRunner.start(asOperator, TestCluster.testOptions()
                .withLease(ChartSupport.NAMESPACE, false, "chart-rbac-it"));
        try {
            List<String> names = new ArrayList<>();
            for (Path example : TestProfiles.examples()) {
                String name = TestCluster.uniqueName("rbac-" + example.getFileName().toString().replace(".yaml", ""));
                KumaProductionProfile profile = ItSupport.isolate(admin, TestProfiles.example(example.getFileName().toString()), name);
                profile.getSpec().controlPlane.deploymentName = "kuma-control-plane";
                ItSupport.seedControlPlane(admin, profile.getSpec().controlPlane.systemNamespace, profile.getSpec().controlPlane.replicas);
                if (profile.getSpec().controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone) {
                    ItSupport.syncedZoneMesh(admin, name);
                }
                ItSupport.apply(admin, profile);
                names.add(name);
            }
            for (String name : names) {
                KumaProductionProfile settled = ItSupport.awaitProfile(admin, name, Duration.ofSeconds(60),
                        p -> p.getStatus().phase == Phase.Ready || p.getStatus().phase == Phase.Degraded || p.getStatus().phase == Phase.Blocked);
                if (settled.getSpec().controlPlane.environment == io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment.Universal) {
                    // A Universal control plane never reads kuma.io objects from Kubernetes: nothing is applied.
                    assertThat(settled.getStatus().phase).as(name).isEqualTo(Phase.Blocked);
                    assertThat(settled.getStatus().conditions).anySatisfy(c -> assertThat(c.getReason()).isEqualTo("UniversalLintOnly"));
                    continue;
                }
                assertThat(settled.getStatus().phase).as(name + ": " + settled.getStatus().conditions).isEqualTo(Phase.Ready);
            }
        } finally {
            runner.close();
            asOperator.close();
        }
    }

}
