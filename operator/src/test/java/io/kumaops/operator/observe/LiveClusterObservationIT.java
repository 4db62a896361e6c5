package io.kumaops.operator.observe;

import io.kumaops.operator.model.ClusterObservation;
import static io.kumaops.operator.observe.ClusterFixtures.namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the observer reads from a real kube-apiserver seeded like real clusters, and which observed rules then fire.
 * No operator runs here: {@link ClusterObserver#observe} is called directly, as {@code lint --cluster} does.
 */
class LiveClusterObservationIT {

    private static KubernetesClient client;
    private static final FindingEngine ENGINE = FindingEngine.standard();

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
    }

    private static KumaProductionProfile profile(String name, String systemNamespace, String extraSpec) {
        KumaProductionProfile profile = TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane:
                  systemNamespace: %s
                %s""".formatted(name, systemNamespace, extraSpec.stripIndent()));
        return profile.withDefaultedSpec();
    }

    private static List<Finding> findings(KumaProductionProfile profile, ClusterObservation observation) {
        return ENGINE.evaluate(new RuleContext(profile, Optional.of(observation))).findings();
    }

    private static Optional<Finding> finding(List<Finding> findings, String code) {
        return findings.stream().filter(f -> code.equals(f.code)).findFirst();
    }

    @Test
    void controlPlaneDeploymentIsReadFromTheLiveObject() {
        String name = TestCluster.uniqueName("obs-cp");
        String system = name + "-system";
        namespace(client, system);
        Map<String, String> env = ClusterFixtures.helmDefaultEnv(system);
        env.put("KUMA_STORE_TYPE", "memory");
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS", "pod-template-hash, rollouts-pod-template-hash");
        env.put("KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE", "true");
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES", "sidecar-resources, extra");
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 2, env, "500m", "256Mi"));

        KumaProductionProfile profile = profile(name, system, "");
        ClusterObservation observation = new ClusterObserver(client).observe(profile);

        assertThat(observation.kumaInstalled()).isTrue();
        ClusterObservation.ControlPlaneDeployment cp = observation.controlPlane();
        assertThat(cp).isNotNull();
        assertThat(cp.replicas()).isEqualTo(2);
        assertThat(cp.cpuRequestMillis()).isEqualTo(500);
        assertThat(cp.memoryRequestBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(cp.envValue("KUMA_STORE_TYPE")).isEqualTo("memory");
        assertThat(cp.env()).doesNotContainKey("KUMA_INTER_CP_CATALOG_INSTANCE_ADDRESS"); // valueFrom: not resolvable read-only
        assertThat(cp.defaultContainerPatches()).containsExactly("sidecar-resources", "extra");
        assertThat(cp.selector()).containsEntry("app", "kuma-control-plane");
        assertThat(observation.kumaCniInstalled()).isFalse();
        assertThat(observation.controlPlaneDisruptionBudget()).isFalse();
        assertThat(observation.dataplanes()).isZero();

        List<Finding> findings = findings(profile, observation);
        assertThat(finding(findings, "InMemoryStore")).get().satisfies(f -> {
            assertThat(f.source).isEqualTo(FindingSource.Cluster);
            assertThat(f.path).isEqualTo("Deployment " + system + "/kuma-control-plane env KUMA_STORE_TYPE");
        });
        assertThat(finding(findings, "EvenControlPlaneReplicas")).get()
                .satisfies(f -> assertThat(f.path).isEqualTo("Deployment " + system + "/kuma-control-plane spec.replicas"));
        assertThat(finding(findings, "MissingControlPlaneDisruptionBudget")).get()
                .satisfies(f -> assertThat(f.source).isEqualTo(FindingSource.Cluster));
    }

    @Test
    void aDisruptionBudgetCountsWhenItsSelectorMatchesThePodTemplate() {
        String name = TestCluster.uniqueName("obs-pdb");
        String system = name + "-system";
        namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                ClusterFixtures.helmDefaultEnv(system), "1", "1Gi"));
        KumaProductionProfile profile = profile(name, system, "");
        ClusterObserver observer = new ClusterObserver(client);

        // Selecting some other app does not protect the control plane.
        ClusterFixtures.disruptionBudget(client, system, "other", Map.of("matchLabels", Map.of("app", "something-else")));
        assertThat(observer.observe(profile).controlPlaneDisruptionBudget()).isFalse();

        // A template label (not in the Deployment's selector) selected through matchExpressions does.
        ClusterFixtures.disruptionBudget(client, system, "kuma", Map.of("matchExpressions",
                List.of(Map.of("key", "app.kubernetes.io/name", "operator", "In", "values", List.of("kuma")))));
        ClusterObservation observation = observer.observe(profile);
        assertThat(observation.controlPlaneDisruptionBudget()).isTrue();
        assertThat(finding(findings(profile, observation), "MissingControlPlaneDisruptionBudget")).isEmpty();
    }

    @Test
    void dataplanesAreCountedPerMeshAcrossNamespacesAndPages() {
        String mesh = TestCluster.uniqueName("obs-count");
        List<String> namespaces = List.of(mesh + "-a", mesh + "-b", mesh + "-c");
        namespaces.forEach(ns -> namespace(client, ns));
        ClusterFixtures.dataplanes(client, namespaces, mesh, "dp", 23, 3);
        ClusterFixtures.dataplanes(client, namespaces, mesh + "-other", "other", 4, 1);

        // A page of 5 forces five continue tokens; the count must not depend on the page size.
        assertThat(new ClusterObserver(client, 5).countDataplanes(mesh)).isEqualTo(23);
        assertThat(new ClusterObserver(client).countDataplanes(mesh)).isEqualTo(23);
        assertThat(new ClusterObserver(client, 2).countDataplanes(mesh + "-other")).isEqualTo(4);
        assertThat(new ClusterObserver(client).countDataplanes(mesh + "-none")).isZero();
    }

    @Test
    void observedCountDrivesSizingAndReachableServices() {
        String name = TestCluster.uniqueName("obs-large");
        String system = name + "-system";
        namespace(client, system);
        List<String> namespaces = List.of(name + "-apps1", name + "-apps2");
        namespaces.forEach(ns -> namespace(client, ns));
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        ClusterFixtures.dataplanes(client, namespaces, name, "dp", 1000, 4);
        try {
            KumaProductionProfile profile = profile(name, system, "  reachableServices: Disabled\n");
            ClusterObservation observation = new ClusterObserver(client).observe(profile);
            assertThat(observation.dataplanes()).isEqualTo(1000);

            List<Finding> findings = findings(profile, observation);
            assertThat(finding(findings, "ReachableServicesDisabled")).get().satisfies(f -> {
                assertThat(f.source).isEqualTo(FindingSource.Cluster);
                assertThat(f.message).contains("1000 data planes are observed");
            });
            assertThat(findings.stream().filter(f -> f.code.equals("UnderProvisionedControlPlane")))
                    .extracting(f -> f.path)
                    .containsExactlyInAnyOrder("Deployment " + system + "/kuma-control-plane resources.requests.memory",
                            "Deployment " + system + "/kuma-control-plane resources.requests.cpu");

            // Auto in the profile is not applied without manage: the live env decides.
            KumaProductionProfile auto = profile(name, system, "");
            assertThat(finding(findings(auto, observation), "ReachableServicesDisabled")).get()
                    .satisfies(f -> assertThat(f.path).endsWith("env KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES"));
        } finally {
            ClusterFixtures.deleteDataplanes(client, namespaces, name);
        }
    }

    @Test
    void platformIsDetectedFromDocumentedSignals() {
        ClusterObserver observer = new ClusterObserver(client);
        KumaProductionProfile profile = profile(TestCluster.uniqueName("obs-platform"), "kuma-system", "");
        assertThat(observer.observe(profile).platformProvider()).as("no node registered: nothing to judge").isNull();

        List<String> nodes = new ArrayList<>();
        try {
            nodes.add("gk3-prod-pool-2-a1b2c3d4-x9z8");
            ClusterFixtures.node(client, nodes.get(0), "gce://project/europe-west1-b/gk3-prod-pool-2-a1b2c3d4-x9z8",
                    Map.of("cloud.google.com/gke-nodepool", "pool-2"));
            ClusterObservation autopilot = observer.observe(profile);
            assertThat(autopilot.platformProvider()).isEqualTo("GKEAutopilot");
            assertThat(finding(findings(profile, autopilot), "RestrictedPlatformWithoutCni")).as("no CP observed: CNI unknown")
                    .get().satisfies(f -> assertThat(f.message).contains("detected as GKEAutopilot"));
            ClusterFixtures.deleteNodes(client, nodes);
            nodes.clear();

            nodes.add("gke-prod-default-pool-1234");
            ClusterFixtures.node(client, nodes.get(0), "gce://project/europe-west1-b/gke-prod-default-pool-1234",
                    Map.of("cloud.google.com/gke-nodepool", "default-pool"));
            assertThat(observer.observe(profile).platformProvider()).isEqualTo("GKE");
            ClusterFixtures.deleteNodes(client, nodes);
            nodes.clear();

            nodes.add("ip-10-0-1-23.eu-west-1.compute.internal");
            ClusterFixtures.node(client, nodes.get(0), "aws:///eu-west-1a/i-0123456789abcdef0",
                    Map.of("eks.amazonaws.com/nodegroup", "workers"));
            assertThat(observer.observe(profile).platformProvider()).isEqualTo("EKS");
            ClusterFixtures.deleteNodes(client, nodes);
            nodes.clear();

            nodes.add("aks-nodepool1-12345678-vmss000000");
            ClusterFixtures.node(client, nodes.get(0),
                    "azure:///subscriptions/s/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1/virtualMachines/0",
                    Map.of("kubernetes.azure.com/cluster", "MC_rg_prod_westeurope"));
            assertThat(observer.observe(profile).platformProvider()).isEqualTo("AKS");

            // OpenShift wins over the cloud underneath (ARO runs on Azure nodes). The group list of discovery follows
            // a CRD's creation and deletion a moment later (its APIService is registered asynchronously).
            ClusterFixtures.crd(client, "config.openshift.io", "clusterversions", "ClusterVersion", "Cluster");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(observer.observe(profile).platformProvider()).isEqualTo("OpenShift"));
        } finally {
            ClusterFixtures.deleteNodes(client, nodes);
            ClusterFixtures.deleteCrd(client, "clusterversions.config.openshift.io");
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(observer.observe(profile).platformProvider()).isNull());
    }

    @Test
    void ciliumArgoAndHelmCertificatesAreObserved() {
        String name = TestCluster.uniqueName("obs-vendors");
        String system = name + "-system";
        namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                ClusterFixtures.helmDefaultEnv(system), "1", "1Gi"));
        ClusterFixtures.helmGeneratedTlsSecret(client, system);
        KumaProductionProfile profile = profile(name, system, """
                  tls: {secretName: kuma-cp-tls, caBundleSecretRef: {name: kuma-cp-ca, key: ca.crt}}
                """);
        ClusterObserver observer = new ClusterObserver(client);
        try {
            ClusterFixtures.ciliumConfig(client, Map.of("kube-proxy-replacement", "strict", "cni-exclusive", "true"));
            ClusterFixtures.argoCdAndRollouts(client);
            ClusterObservation observation = observer.observe(profile);
            assertThat(observation.cilium()).isEqualTo(new ClusterObservation.CiliumConfig(true, true, null));
            assertThat(observation.argoCdInstalled()).isTrue();
            assertThat(observation.argoRolloutsInstalled()).isTrue();
            assertThat(observation.helmGeneratedControlPlaneTls()).isTrue();

            List<Finding> findings = findings(profile, observation);
            assertThat(findings).extracting(f -> f.code).contains("CiliumKubeProxyReplacement", "ArgoCdMeshOwnerReference",
                    "ArgoRolloutsSelectorLabels", "ArgoCdCertificateDrift");
            assertThat(finding(findings, "ArgoCdMeshOwnerReference")).get()
                    .satisfies(f -> assertThat(f.path).endsWith("env KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE"));
            assertThat(finding(findings, "ArgoCdCertificateDrift")).get()
                    .satisfies(f -> assertThat(f.path).isEqualTo("Secret " + system + "/kuma-tls-cert"));

            // Cilium's documented way to keep kube-proxy replacement with a mesh: the socket LB skips pod namespaces.
            ClusterFixtures.ciliumConfig(client, Map.of("kube-proxy-replacement", "true", "cni-exclusive", "false",
                    "bpf-lb-sock-hostns-only", "true"));
            ClusterObservation hostNamespaceOnly = observer.observe(profile);
            assertThat(hostNamespaceOnly.cilium()).isEqualTo(new ClusterObservation.CiliumConfig(true, false, true));
            assertThat(finding(findings(profile, hostNamespaceOnly), "CiliumKubeProxyReplacement")).isEmpty();
        } finally {
            ClusterFixtures.deleteCiliumConfig(client);
            ClusterFixtures.deleteArgo(client);
        }
        ClusterObservation after = observer.observe(profile);
        assertThat(after.cilium()).isNull();
        assertThat(after.argoCdInstalled()).isFalse();
    }

    @Test
    void meshWidePoliciesFromSeveralOwnersAreFragmentation() {
        String name = TestCluster.uniqueName("obs-frag");
        String system = name + "-system";
        namespace(client, system);
        ClusterFixtures.meshTimeout(client, system, "mesh-timeout-all-" + name, name, "kuma-cp", Map.of());
        ClusterFixtures.meshTimeout(client, system, "platform-timeouts", name, "helm", Map.of("app.kubernetes.io/managed-by", "Helm"));
        ClusterFixtures.meshTimeout(client, system, "other-mesh-timeouts", name + "-other", "kubectl", Map.of());
        KumaProductionProfile profile = profile(name, system, "");

        ClusterObservation observation = new ClusterObserver(client).observe(profile);
        assertThat(observation.meshWidePolicies()).extracting(ClusterObservation.MeshWidePolicy::name, ClusterObservation.MeshWidePolicy::owner)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("mesh-timeout-all-" + name, "kuma-cp"),
                        org.assertj.core.groups.Tuple.tuple("platform-timeouts", "Helm"));
        assertThat(finding(findings(profile, observation), "PolicyFragmentation")).get()
                .satisfies(f -> assertThat(f.message).contains("Helm").contains("kuma-cp"));
    }

    @Test
    void delegatedGatewaysAreCheckedForTheGatewayAnnotation() {
        String name = TestCluster.uniqueName("obs-gw");
        String gateways = name + "-gateways";
        namespace(client, gateways);
        client.apps().deployments().inNamespace(gateways).resource(ClusterFixtures.gateway(gateways, "kong", false)).create();
        client.apps().deployments().inNamespace(gateways).resource(ClusterFixtures.gateway(gateways, "contour", true)).create();
        KumaProductionProfile profile = profile(name, "kuma-system", "");
        profile.getSpec().gateway.delegated = List.of(gateway(gateways, "kong"), gateway(gateways, "contour"), gateway(gateways, "missing"));

        ClusterObservation observation = new ClusterObserver(client).observe(profile);
        assertThat(observation.delegatedGateways()).containsExactly(
                new ClusterObservation.GatewayDeployment(gateways, "kong", true, false),
                new ClusterObservation.GatewayDeployment(gateways, "contour", true, true),
                new ClusterObservation.GatewayDeployment(gateways, "missing", false, false));
        assertThat(findings(profile, observation).stream().filter(f -> f.code.equals("DelegatedGatewayNotAnnotated")))
                .extracting(f -> f.path).containsExactly("spec.gateway.delegated[0]", "spec.gateway.delegated[2]");
    }

    @Test
    void forbiddenProbesLeaveTheirFactNullAndNeverFail() {
        String name = TestCluster.uniqueName("obs-rbac");
        String system = name + "-system";
        namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        String node = "gke-" + name;
        ClusterFixtures.node(client, node, "gce://p/z/" + node, Map.of());
        try (KubernetesClient restricted = clientWithOnlyControlPlaneRead(system, name)) {
            KumaProductionProfile profile = profile(name, system, "");
            ClusterObserver observer = new ClusterObserver(restricted);
            ClusterObservation observation = observer.observe(profile);
            assertThat(observer.refusedProbes()).contains("Dataplanes (list dataplanes.kuma.io in all namespaces)",
                    "PodDisruptionBudgets (list poddisruptionbudgets)", "nodes (list nodes)", "the control-plane TLS Secret (get secrets)")
                    .doesNotContain("the control-plane Deployment (get deployments)");

            assertThat(observation.controlPlane()).as("the one thing this identity may read").isNotNull();
            assertThat(observation.kumaInstalled()).as("CRD read forbidden: the API group is asked instead").isTrue();
            assertThat(observation.dataplanes()).isNull();
            assertThat(observation.controlPlaneDisruptionBudget()).isNull();
            assertThat(observation.platformProvider()).as("nodes forbidden").isNull();
            assertThat(observation.cilium()).isNull();
            assertThat(observation.helmGeneratedControlPlaneTls()).isNull();
            assertThat(observation.meshWidePolicies()).isEmpty();

            List<Finding> findings = findings(profile, observation);
            assertThat(finding(findings, "MissingControlPlaneDisruptionBudget")).as("unknown is not absent").isEmpty();
            assertThat(finding(findings, "SingleControlPlaneReplica")).get().satisfies(f -> assertThat(f.source).isEqualTo(FindingSource.Cluster));
        } finally {
            ClusterFixtures.deleteNodes(client, List.of(node));
        }
    }

    private static DelegatedGateway gateway(String namespace, String deployment) {
        DelegatedGateway gateway = new DelegatedGateway();
        gateway.namespace = namespace;
        gateway.deploymentName = deployment;
        return gateway;
    }

    /** A ServiceAccount token that may only get the control-plane Deployment (and use discovery, as everyone may). */
    private static KubernetesClient clientWithOnlyControlPlaneRead(String namespace, String name) {
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("observer")
                .endMetadata().build()).serverSideApply();
        client.rbac().roles().inNamespace(namespace).resource(new RoleBuilder().withNewMetadata().withName("cp-only").endMetadata()
                .addNewRule().withApiGroups("apps").withResources("deployments").withResourceNames("kuma-control-plane")
                .withVerbs("get").endRule().build()).serverSideApply();
        client.rbac().roleBindings().inNamespace(namespace).resource(new RoleBindingBuilder().withNewMetadata().withName("cp-only").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("cp-only").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("observer").withNamespace(namespace).endSubject().build()).serverSideApply();
        String token = client.serviceAccounts().inNamespace(namespace).withName("observer")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build()).getStatus().getToken();
        Config admin = Config.fromKubeconfig(TestCluster.get().kubeconfigYaml());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(admin.getMasterUrl()).withTrustCerts(true)
                .withDisableHostnameVerification(true).withOauthToken(token).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
