package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chart and the plain manifests against a real kube-apiserver v1.20.2 (tier 2; binaries from
 * deploy/local/provision-apiserver.sh, used by fabric8 kube-api-test offline). The server validates every object,
 * serves no policy/v1, and authorizes with RBAC, so SubjectAccessReviews show what the chart's roles really grant.
 * Skipped, with the reason, where the binaries are not provisioned.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnApiServerTest {

    private static final String K8S_VERSION = "1.20.2";
    private static final String OPERATOR_SA = "system:serviceaccount:kuma-production-operator:kuma-production-operator";
    private static final String HELM_NAMESPACE = "kpo-helm";
    private static final String HELM_RELEASE = "kpo-helm";
    private static final String HELM_SA = "system:serviceaccount:" + HELM_NAMESPACE + ":" + HELM_RELEASE + "-kuma-production-operator";

    private KubeAPIServer server;
    private KubernetesClient client;
    private String kubeConfig;

    @BeforeAll
    void startApiServer() {
        String dir = System.getenv().getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
        Path binary = Path.of(dir, "k8s", K8S_VERSION + "-linux-amd64", "kube-apiserver");
        Assumptions.assumeTrue(Files.isExecutable(binary),
                "skipped: no kube-apiserver " + K8S_VERSION + " at " + binary + "; run deploy/local/provision-apiserver.sh");
        server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(K8S_VERSION)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        kubeConfig = server.getKubeConfigYaml();
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeConfig)).build();
    }

    @AfterAll
    void stopApiServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    void installManifestIsAcceptedByTheApiServer() {
        // The chart's system-namespace Role goes into Kuma's namespace, which Kuma's install creates first.
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("kuma-system")
                .endMetadata().build()).serverSideApply();
        List<HasMetadata> objects = client.load(new ByteArrayInputStream(
                ChartSupport.read(ChartSupport.installManifest()).getBytes(StandardCharsets.UTF_8))).items();
        for (HasMetadata object : objects) {
            client.resource(object).fieldManager("kpo-test").forceConflicts().serverSideApply();
        }

        assertThat(client.apiextensions().v1().customResourceDefinitions().withName("kumaproductionprofiles.kumaops.io")
                .waitUntilCondition(crd -> crd.getStatus() != null && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 30, TimeUnit.SECONDS))
                .isNotNull();
        assertThat(client.apps().deployments().inNamespace(ChartSupport.NAMESPACE).withName(ChartSupport.RELEASE).get())
                .isNotNull();
    }

    @Test
    @Order(2)
    void defaultInstallGrantsTheOperatorWhatItNeedsAndNoMore() {
        String ns = ChartSupport.NAMESPACE;
        assertThat(allowed(OPERATOR_SA, "kumaops.io", "kumaproductionprofiles", "", "watch", "")).isTrue();
        assertThat(allowed(OPERATOR_SA, "kumaops.io", "kumaproductionprofiles", "status", "patch", "")).isTrue();
        assertThat(allowed(OPERATOR_SA, "kumaops.io", "kumaproductionprofiles", "finalizers", "update", "")).isTrue();
        assertThat(allowed(OPERATOR_SA, "kuma.io", "meshtrafficpermissions", "", "create", "kuma-system")).isTrue();
        assertThat(allowed(OPERATOR_SA, "kuma.io", "meshes", "", "patch", "")).isTrue();
        assertThat(allowed(OPERATOR_SA, "apps", "deployments", "", "patch", "kuma-system", "kuma-control-plane")).isTrue();
        assertThat(allowed(OPERATOR_SA, "networking.k8s.io", "networkpolicies", "", "create", "kuma-system")).isTrue();
        assertThat(allowed(OPERATOR_SA, "", "events", "", "create", "default")).isTrue();
        assertThat(allowed(OPERATOR_SA, "coordination.k8s.io", "leases", "", "update", ns)).isTrue();
        // fabric8 renews the Lease with a JSON merge patch (ResourceLock.update): without patch leadership is lost.
        assertThat(allowed(OPERATOR_SA, "coordination.k8s.io", "leases", "", "patch", ns)).isTrue();
        assertThat(allowed(OPERATOR_SA, "", "namespaces", "", "list", "")).isTrue();

        assertThat(allowed(OPERATOR_SA, "kumaops.io", "kumaproductionprofiles", "", "delete", "")).isFalse();
        assertThat(allowed(OPERATOR_SA, "kuma.io", "dataplanes", "", "delete", "default")).isFalse();
        assertThat(allowed(OPERATOR_SA, "apps", "deployments", "", "delete", "kuma-system")).isFalse();
        // Writes outside the Kuma system namespace, and patches of Deployments other than the control plane's.
        assertThat(allowed(OPERATOR_SA, "apps", "deployments", "", "patch", "kube-system", "coredns")).isFalse();
        assertThat(allowed(OPERATOR_SA, "apps", "deployments", "", "patch", "kuma-system", "coredns")).isFalse();
        assertThat(allowed(OPERATOR_SA, "networking.k8s.io", "networkpolicies", "", "create", "kube-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "policy", "poddisruptionbudgets", "", "create", "kube-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "kuma.io", "meshtrafficpermissions", "", "create", "default")).isFalse();
        assertThat(allowed(OPERATOR_SA, "", "events", "", "create", "kube-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "", "secrets", "", "get", "kuma-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "", "configmaps", "", "update", "kube-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "", "namespaces", "", "patch", "")).as("namespace labels are read, never written").isFalse();
        assertThat(allowed(OPERATOR_SA, "", "pods", "", "list", "")).as("pod metadata, before a ContainerPatch is deleted").isTrue();
        assertThat(allowed(OPERATOR_SA, "", "pods", "", "get", "default")).isFalse();
        assertThat(allowed(OPERATOR_SA, "", "pods", "", "patch", "default")).isFalse();
        assertThat(allowed(OPERATOR_SA, "coordination.k8s.io", "leases", "", "update", "kube-system")).isFalse();
        assertThat(allowed(OPERATOR_SA, "admissionregistration.k8s.io", "validatingadmissionpolicies", "", "create", ""))
                .as("zoneGovernance.enabled is off by default").isFalse();
        assertThat(allowed(OPERATOR_SA, "admissionregistration.k8s.io", "validatingwebhookconfigurations", "", "create", "")).isFalse();
    }

    @Test
    @Order(3)
    void helmInstallOnKubernetes120UsesPolicyV1beta1AndHonoursTheValues() throws IOException {
        Path values = Files.createTempFile("kpo-values", ".yaml");
        try {
            Files.writeString(values, """
                    replicas: 2
                    podDisruptionBudget: {enabled: true}
                    rbac: {readSecretsMetadata: true}
                    zoneGovernance: {enabled: false}
                    networkPolicy:
                      enabled: true
                      ingressFrom: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]
                    topologySpreadConstraints:
                      - {maxSkew: 1, topologyKey: kubernetes.io/hostname, whenUnsatisfiable: ScheduleAnyway}
                    """);
            Release release = new Helm(ChartSupport.chartDir()).install()
                    .withName(HELM_RELEASE)
                    .withNamespace(HELM_NAMESPACE)
                    .createNamespace()
                    .withValuesFile(values)
                    .withKubeConfigContents(kubeConfig)
                    .call();
            assertThat(release.getStatus()).isEqualTo("deployed");
        } finally {
            Files.deleteIfExists(values);
        }

        String fullname = HELM_RELEASE + "-kuma-production-operator";
        GenericKubernetesResource pdb = client.genericKubernetesResources("policy/v1beta1", "PodDisruptionBudget")
                .inNamespace(HELM_NAMESPACE).withName(fullname).get();
        assertThat(pdb).as("PodDisruptionBudget as policy/v1beta1 (1.20 serves no policy/v1)").isNotNull();
        assertThat(client.apps().deployments().inNamespace(HELM_NAMESPACE).withName(fullname).get().getSpec().getReplicas())
                .isEqualTo(2);
        assertThat(client.network().v1().networkPolicies().inNamespace(HELM_NAMESPACE).withName(fullname).get()
                .getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(client.apps().deployments().inNamespace(HELM_NAMESPACE).withName(fullname).get().getSpec().getTemplate()
                .getSpec().getTopologySpreadConstraints()).hasSize(1);

        assertThat(allowed(HELM_SA, "", "secrets", "", "get", "kuma-system", "kuma-tls-cert")).isTrue();
        assertThat(allowed(HELM_SA, "", "secrets", "", "get", "kuma-system", "kuma-postgres-credentials"))
                .as("only Kuma's control-plane TLS Secret").isFalse();
        assertThat(allowed(HELM_SA, "", "secrets", "", "list", "kuma-system")).isFalse();
        assertThat(allowed(HELM_SA, "", "secrets", "", "get", "kube-system", "kuma-tls-cert")).isFalse();
        assertThat(allowed(HELM_SA, "", "secrets", "", "delete", "kuma-system", "kuma-tls-cert")).isFalse();
        assertThat(allowed(HELM_SA, "admissionregistration.k8s.io", "validatingadmissionpolicybindings", "", "create", "")).isFalse();
        assertThat(allowed(HELM_SA, "coordination.k8s.io", "leases", "", "get", HELM_NAMESPACE)).isTrue();
        assertThat(allowed(HELM_SA, "coordination.k8s.io", "leases", "", "get", ChartSupport.NAMESPACE)).isFalse();
    }

    @Test
    @Order(4)
    void lintRoleIsBindableAndReadOnly() {
        String ci = "system:serviceaccount:ci:lint";
        client.rbac().clusterRoleBindings().resource(new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder()
                .withNewMetadata().withName("ci-lint").endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole")
                .withName("kuma-production-operator-lint").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName("lint").withNamespace("ci").endSubject()
                .build()).serverSideApply();

        // The authorizer sees a new binding after its informer does: under load that is not instant.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            for (Map.Entry<String, String> read : Map.of("kumaproductionprofiles", "kumaops.io", "meshes", "kuma.io",
                    "dataplanes", "kuma.io", "deployments", "apps", "poddisruptionbudgets", "policy", "nodes", "",
                    "configmaps", "", "namespaces", "").entrySet()) {
                assertThat(allowed(ci, read.getValue(), read.getKey(), "", "list", ""))
                        .as("lint may list %s", read.getKey()).isTrue();
            }
        });
        assertThat(allowed(ci, "kuma.io", "meshes", "", "patch", "")).isFalse();
        assertThat(allowed(ci, "", "secrets", "", "list", "")).isFalse();
    }

    @Test
    @Order(5)
    void crdsEnabledHandsTheCrdToTheReleaseAndKeepsItOnUninstall() throws IOException {
        String crdName = "kumaproductionprofiles.kumaops.io";
        // The CRD came from crds/ (here: install.yaml); docs/deploy-helm.md's hand-over to the release, then the upgrade.
        client.apiextensions().v1().customResourceDefinitions().withName(crdName).edit(crd -> {
            if (crd.getMetadata().getLabels() == null) {
                crd.getMetadata().setLabels(new java.util.HashMap<>());
            }
            if (crd.getMetadata().getAnnotations() == null) {
                crd.getMetadata().setAnnotations(new java.util.HashMap<>());
            }
            crd.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "Helm");
            crd.getMetadata().getAnnotations().put("meta.helm.sh/release-name", HELM_RELEASE);
            crd.getMetadata().getAnnotations().put("meta.helm.sh/release-namespace", HELM_NAMESPACE);
            return crd;
        });
        Path values = Files.createTempFile("kpo-values", ".yaml");
        try {
            Files.writeString(values, "crds: {enabled: true}\n");
            Release release = new Helm(ChartSupport.chartDir()).upgrade()
                    .withName(HELM_RELEASE)
                    .withNamespace(HELM_NAMESPACE)
                    .withValuesFile(values)
                    .withKubeConfigContents(kubeConfig)
                    .call();
            assertThat(release.getStatus()).isEqualTo("deployed");
        } finally {
            Files.deleteIfExists(values);
        }
        var crd = client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
        assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(crd.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", HELM_RELEASE);

        Helm.uninstall(HELM_RELEASE).withNamespace(HELM_NAMESPACE).withKubeConfigContents(kubeConfig).call();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crdName).get())
                .as("helm.sh/resource-policy: keep leaves the CRD, and the profiles, after helm uninstall").isNotNull();
        assertThat(client.apps().deployments().inNamespace(HELM_NAMESPACE).withName(HELM_RELEASE + "-kuma-production-operator").get())
                .isNull();
    }

    private boolean allowed(String user, String group, String resource, String subresource, String verb, String namespace) {
        return allowed(user, group, resource, subresource, verb, namespace, "");
    }

    private boolean allowed(String user, String group, String resource, String subresource, String verb, String namespace, String name) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:serviceaccounts", "system:authenticated")
                .withNewResourceAttributes()
                .withGroup(group)
                .withResource(resource)
                .withSubresource(subresource)
                .withVerb(verb)
                .withNamespace(namespace)
                .withName(name)
                .endResourceAttributes()
                .endSpec()
                .build();
        return client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }
}
