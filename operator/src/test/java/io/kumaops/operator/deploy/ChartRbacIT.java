package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.ItSupport;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is enough and no more: the operator runs as the chart's ServiceAccount (impersonated, RBAC
 * authorization on the real API server), reaches Ready on every example in the system namespaces the chart names, is
 * denied what the chart does not grant, and refuses a profile that points outside those namespaces.
 */
class ChartRbacIT {

    private static final Set<String> RBAC_KINDS = Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");

    private static final String OTHER_DEPLOYMENT = "other-control-plane";

    @Test
    void operatorWithTheChartsRbacReachesReadyOnEveryExampleAndIsDeniedTheRest() {
        TestCluster cluster = TestCluster.get();
        KubernetesClient admin = cluster.client();
        ItSupport.createNamespace(admin, ChartSupport.NAMESPACE);
        // Each example gets its own system namespace; the chart names them all, as an install would name Kuma's.
        Map<String, KumaProductionProfile> profiles = new LinkedHashMap<>();
        for (Path example : TestProfiles.examples()) {
            String name = TestCluster.uniqueName("rbac-" + example.getFileName().toString().replace(".yaml", ""));
            KumaProductionProfile profile = ItSupport.isolate(admin, TestProfiles.example(example.getFileName().toString()), name);
            profile.getSpec().controlPlane.deploymentName = "kuma-control-plane";
            profiles.put(name, profile);
        }
        List<String> systemNamespaces = profiles.values().stream().map(p -> p.getSpec().controlPlane.systemNamespace).toList();
        List<JsonNode> documents = ChartSupport.documents(ChartSupport.template(Map.of("kumaSystemNamespaces", systemNamespaces)));
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
                () -> asOperator.apps().deployments().inNamespace(systemNamespaces.get(0)).withName("kuma-control-plane").delete());
        assertThat(noDelete.getCode()).as("Deployments may be patched, never deleted").isEqualTo(403);
        var noPodWrites = catchThrowableOfType(KubernetesClientException.class,
                () -> asOperator.pods().inNamespace(systemNamespaces.get(0)).withName("any").delete());
        assertThat(noPodWrites.getCode()).as("pods are listed (their metadata), never written").isEqualTo(403);
        assertOutsideTheSystemNamespacesIsRefused(admin, asOperator);

        OperatorRunner runner = OperatorRunner.start(asOperator, TestCluster.testOptions()
                .withLease(ChartSupport.NAMESPACE, false, "chart-rbac-it").withSystemNamespaces(Set.copyOf(systemNamespaces))
                .withControlPlaneDeployments(controlPlaneDeploymentsArgument(documents)));
        try {
            for (KumaProductionProfile profile : profiles.values()) {
                ItSupport.seedControlPlane(admin, profile.getSpec().controlPlane.systemNamespace, profile.getSpec().controlPlane.replicas);
                if (profile.getSpec().controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone) {
                    ItSupport.syncedZoneMesh(admin, profile.getMetadata().getName());
                }
                ItSupport.connectZones(profile);
                ItSupport.apply(admin, profile);
            }
            String outside = fenceCoreDns(admin);
            String otherDeployment = manageAnotherDeployment(admin, systemNamespaces.get(0));
            for (String name : profiles.keySet()) {
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
            assertTheOutsideProfileIsInvalidAndWroteNothing(admin, outside);
            assertTheOtherDeploymentsProfileIsInvalidAndPatchedNothing(admin, otherDeployment, systemNamespaces.get(0));
        } finally {
            runner.close();
            asOperator.close();
        }
    }

    /** What the operator's identity may not do outside the Kuma system namespaces, asked of the API server itself. */
    private static void assertOutsideTheSystemNamespacesIsRefused(KubernetesClient admin, KubernetesClient asOperator) {
        admin.apps().deployments().inNamespace("kube-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName("coredns").addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("k8s-app", "kube-dns").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().addNewContainer().withName("coredns").withImage("coredns/coredns:1.7.0").endContainer().endSpec()
                .endTemplate().endSpec().build()).fieldManager("kubeadm").serverSideApply();
        var patchOutside = catchThrowableOfType(KubernetesClientException.class, () -> asOperator.apps().deployments()
                .inNamespace("kube-system").withName("coredns").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}"));
        assertThat(patchOutside.getCode()).as("patch CoreDNS in kube-system").isEqualTo(403);
        var fence = catchThrowableOfType(KubernetesClientException.class, () -> asOperator.network().v1().networkPolicies()
                .inNamespace("kube-system").resource(new NetworkPolicyBuilder().withNewMetadata().withName("fence").endMetadata()
                        .withNewSpec().withNewPodSelector().endPodSelector().endSpec().build()).create());
        assertThat(fence.getCode()).as("create a NetworkPolicy in kube-system").isEqualTo(403);
    }

    /** A profile aimed at CoreDNS: a Global control plane in kube-system whose fence would be a NetworkPolicy there. */
    private static String fenceCoreDns(KubernetesClient admin) {
        String name = TestCluster.uniqueName("rbac-coredns");
        KumaProductionProfile profile = TestProfiles.example("multizone-global.yaml");
        profile.getMetadata().setName(name);
        profile.getSpec().mesh.name = name;
        profile.getSpec().controlPlane.systemNamespace = "kube-system";
        profile.getSpec().controlPlane.deploymentName = "coredns";
        ItSupport.applyAsIs(admin, profile);
        return name;
    }

    private static void assertTheOutsideProfileIsInvalidAndWroteNothing(KubernetesClient admin, String name) {
        KumaProductionProfile invalid = ItSupport.awaitProfile(admin, name, Duration.ofSeconds(60),
                p -> p.getStatus() != null && p.getStatus().phase == Phase.Blocked);
        assertThat(invalid.getStatus().conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("InvalidSpec");
            assertThat(c.getMessage()).contains("spec.controlPlane.systemNamespace: \"kube-system\"").contains("allowed: ");
        });
        assertThat(admin.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("no Mesh").isNull();
        assertThat(admin.network().v1().networkPolicies().inNamespace("kube-system").list().getItems()).as("no NetworkPolicy").isEmpty();
        assertThat(admin.policy().v1beta1().podDisruptionBudget().inNamespace("kube-system").list().getItems()).as("no PDB").isEmpty();
        assertThat(admin.apps().deployments().inNamespace("kube-system").withName("coredns").get().getMetadata().getManagedFields())
                .as("CoreDNS is not patched").noneMatch(f -> f.getManager().equals(io.kumaops.operator.kube.KubeAccess.FIELD_MANAGER));
    }

    /** The Deployments the chart tells the operator it may patch, read from the container's arguments as the CLI reads them. */
    private static Set<String> controlPlaneDeploymentsArgument(List<JsonNode> documents) {
        JsonNode container = ChartSupport.get(documents, "Deployment", ChartSupport.RELEASE).path("spec").path("template").path("spec")
                .path("containers").get(0);
        String prefix = "--control-plane-deployments=";
        String value = HelmChartTest.texts(container.path("args")).stream().filter(a -> a.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("the chart passes " + prefix)).substring(prefix.length());
        return Set.of(value.split(","));
    }

    /** A managed profile in an allowed namespace naming a Deployment the chart grants no patch on. */
    private static String manageAnotherDeployment(KubernetesClient admin, String namespace) {
        admin.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(OTHER_DEPLOYMENT).addToLabels("app", OTHER_DEPLOYMENT).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", OTHER_DEPLOYMENT).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", OTHER_DEPLOYMENT).endMetadata()
                .withNewSpec().addNewContainer().withName("control-plane").withImage("kumahq/kuma-cp:2.14.3").endContainer().endSpec()
                .endTemplate().endSpec().build()).fieldManager("helm").serverSideApply();
        String name = TestCluster.uniqueName("rbac-other-cp");
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        profile.getMetadata().setName(name);
        profile.getSpec().mesh.name = name;
        profile.getSpec().controlPlane.systemNamespace = namespace;
        profile.getSpec().controlPlane.deploymentName = OTHER_DEPLOYMENT;
        profile.getSpec().controlPlane.manage = true;
        profile.getSpec().controlPlane.replicas = 3;
        ItSupport.applyAsIs(admin, profile);
        return name;
    }

    private static void assertTheOtherDeploymentsProfileIsInvalidAndPatchedNothing(KubernetesClient admin, String name, String namespace) {
        KumaProductionProfile invalid = ItSupport.awaitProfile(admin, name, Duration.ofSeconds(60),
                p -> p.getStatus() != null && p.getStatus().phase == Phase.Blocked);
        assertThat(invalid.getStatus().conditions).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("InvalidSpec");
            assertThat(c.getMessage()).contains("spec.controlPlane.deploymentName: \"" + OTHER_DEPLOYMENT + "\"")
                    .contains("rbac.controlPlaneDeployments");
        });
        assertThat(admin.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("no Mesh").isNull();
        var deployment = admin.apps().deployments().inNamespace(namespace).withName(OTHER_DEPLOYMENT).get();
        assertThat(deployment.getSpec().getReplicas()).as("replicas as installed").isEqualTo(1);
        assertThat(deployment.getMetadata().getManagedFields()).as("not patched")
                .noneMatch(f -> f.getManager().equals(io.kumaops.operator.kube.KubeAccess.FIELD_MANAGER));
    }
}
