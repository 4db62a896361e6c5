package io.kumaops.operator.it;

import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.standin.KumaStandIn;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kuma stand-in of the shared API server: its webhook judges kuma.io writes as Kuma does (the API server carries
 * Kuma's message back), a stopped control plane makes them fail, Mesh defaults come once per Mesh, and the
 * control-plane Deployment's status follows its spec.
 */
class KumaStandInIT {

    private static final String DENIED = "admission webhook \"validator.kuma-admission.kuma.io\" denied the request: ";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static KumaStandIn standIn;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
        standIn = cluster.standIn();
    }

    /** A namespace Kuma's webhooks see from 2.11: labelled for injection. */
    private static String injectedNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kuma.io/sidecar-injection", "enabled").endMetadata().build()).serverSideApply();
        return name;
    }

    private static GenericKubernetesResource kuma(String kind, String namespace, String name, Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("kuma.io/v1alpha1");
        object.setKind(kind);
        object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        object.setAdditionalProperty("spec", spec);
        return object;
    }

    private static GenericKubernetesResource create(GenericKubernetesResource object) {
        var resources = client.genericKubernetesResources(KubeKinds.kuma(object.getKind()));
        return object.getMetadata().getNamespace() == null ? resources.resource(object).create()
                : resources.inNamespace(object.getMetadata().getNamespace()).resource(object).create();
    }

    private static GenericKubernetesResource getKuma(String kind, String namespace, String name) {
        var resources = client.genericKubernetesResources(KubeKinds.kuma(kind));
        return namespace == null ? resources.withName(name).get() : resources.inNamespace(namespace).withName(name).get();
    }

    private static Map<String, Object> containerPatch() {
        return Map.of("sidecarPatch", List.of(Map.of("op", "add", "path", "/securityContext/privileged", "value", "false")));
    }

    @Test
    void theWebhookRefusesWhatKumaRefusesWithKumasMessage() {
        String apps = injectedNamespace(TestCluster.uniqueName("standin-apps"));
        long before = standIn.reviews();
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
                () -> create(kuma("ContainerPatch", apps, "privileged", containerPatch())));
        assertThat(refused).as("a ContainerPatch outside the system namespace").isNotNull();
        assertThat(refused.getCode()).isEqualTo(403);
        assertThat(refused.getStatus().getMessage()).isEqualTo(DENIED
                + "ContainerPatch can only be placed in kuma-system namespace. It can be however referenced by pods in all namespaces");
        assertThat(standIn.reviews()).isGreaterThan(before);

        String name = TestCluster.uniqueName("standin-patch");
        assertThat(create(kuma("ContainerPatch", "kuma-system", name, containerPatch()))).as("in the system namespace").isNotNull();
        client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace("kuma-system").withName(name).delete();
    }

    @Test
    void namespacesNotLabelledForInjectionAreNotJudgedFrom211() {
        String plain = TestCluster.uniqueName("standin-plain");
        ItSupport.createNamespace(client, plain);
        assertThat(create(kuma("ContainerPatch", plain, "never-read", containerPatch())))
                .as("Kuma's webhook does not see the namespace; the patch is simply never read").isNotNull();
    }

    @Test
    void twoCaBackendsAreRefusedOnKumaAndAdmittedOnKongMesh() {
        assumeThat(KumaAdmission.standard().models("Mesh")).as("the Mesh validator is modelled").isTrue();
        String name = TestCluster.uniqueName("standin-two-cas");
        Map<String, Object> spec = Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of(
                Map.of("name", "ca-1", "type", "builtin"), Map.of("name", "ca-2", "type", "builtin"))));
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, () -> create(kuma("Mesh", null, name, spec)));
        assertThat(refused).as("open-source Kuma admits one backend").isNotNull();
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getStatus().getMessage()).startsWith(DENIED).contains("spec.mtls.backends: cannot have more than 1 backends");
        assertThat(refused.getStatus().getDetails().getCauses()).anySatisfy(c -> assertThat(c.getField()).isEqualTo("spec.mtls.backends"));

        AdmissionTarget kongMesh = new AdmissionTarget(Distribution.KongMesh, standIn.target().version(), standIn.target().systemNamespace(),
                standIn.target().role());
        try (KumaStandIn.Scope judged = standIn.judgeAs(kongMesh)) {
            assertThat(create(kuma("Mesh", null, name, spec))).as("Kong Mesh admits several").isNotNull();
        }
    }

    @Test
    void warningsReachTheClient() throws Exception {
        String name = "standin.zone." + TestCluster.uniqueName("w");
        String body = Serialization.asJson(kuma("Zone", null, name, Map.of("enabled", true)));
        var http = client.getHttpClient();
        var response = http.sendAsync(http.newHttpRequestBuilder().uri(client.getMasterUrl() + "apis/kuma.io/v1alpha1/zones")
                .post("application/json", body).build(), String.class).get();
        assertThat(response.code()).as(response.body()).isEqualTo(201);
        assertThat(response.headers("Warning")).as("Kuma 2.10+ warns of zone names that are not DNS-1035 labels")
                .anySatisfy(w -> assertThat(w).startsWith("299 ").contains(name));
    }

    @Test
    void aStoppedControlPlaneMakesKumaWritesFailAndARestartedOneLetsThemThrough() {
        String name = TestCluster.uniqueName("standin-stopped");
        // fabric8 retries a 500 with back-off for about 20 s by default; one attempt says the same.
        var once = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
        standIn.stopControlPlane();
        try (KubernetesClient noRetry = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(once).build()) {
            KubernetesClientException failed = catchThrowableOfType(KubernetesClientException.class,
                    () -> noRetry.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(kuma("Mesh", null, name, Map.of())).create());
            assertThat(failed).as("failurePolicy Fail: no answer is a refusal").isNotNull();
            assertThat(failed.getCode()).isEqualTo(500);
            assertThat(failed.getMessage()).contains("failed calling webhook \"validator.kuma-admission.kuma.io\"");
            assertThat(getKuma("Mesh", null, name)).isNull();
            assertThat(client.configMaps().inNamespace("kuma-system").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(name).endMetadata().build()).create()).as("other API groups are not Kuma's").isNotNull();
            await(() -> deployment().getStatus().getReadyReplicas() == null, "no ready control-plane replica while stopped");
        } finally {
            standIn.startControlPlane();
        }
        assertThat(create(kuma("Mesh", null, name, Map.of()))).isNotNull();
        await(() -> deployment().getStatus().getReadyReplicas() != null, "ready again");
        await(() -> getKuma("MeshTimeout", "kuma-system", "mesh-timeout-all-" + name) != null, "defaults once running again");
        client.configMaps().inNamespace("kuma-system").withName(name).delete();
    }

    @Test
    void meshDefaultsAreCreatedOnceWithKumasNamesAndLabels() {
        String mesh = TestCluster.uniqueName("standin-defaults");
        GenericKubernetesResource created = create(kuma("Mesh", null, mesh, Map.of()));
        await(() -> "true".equals(annotations(getKuma("Mesh", null, mesh)).get("k8s.kuma.io/mesh-defaults-generated")), "annotated");
        Map<String, String> kinds = Map.of("mesh-timeout-all-" + mesh, "MeshTimeout", "mesh-gateways-timeout-all-" + mesh, "MeshTimeout",
                "mesh-retry-all-" + mesh, "MeshRetry", "mesh-circuit-breaker-all-" + mesh, "MeshCircuitBreaker");
        kinds.forEach((policy, kind) -> {
            GenericKubernetesResource object = getKuma(kind, "kuma-system", policy);
            assertThat(object).as(policy).isNotNull();
            assertThat(object.getMetadata().getLabels()).containsEntry("kuma.io/mesh", mesh).containsEntry("kuma.io/origin", "zone")
                    .containsEntry("kuma.io/zone", "default").containsEntry("kuma.io/env", "kubernetes")
                    .containsEntry("k8s.kuma.io/namespace", "kuma-system").containsEntry("kuma.io/policy-role", "system");
            assertThat(object.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
        });
        Map<String, Object> gateways = getKuma("MeshTimeout", "kuma-system", "mesh-gateways-timeout-all-" + mesh).getAdditionalProperties();
        assertThat(at(gateways, "spec.targetRef.proxyTypes")).isEqualTo(List.of("Gateway"));
        assertThat(at(gateways, "spec.from[0].default.http.requestHeadersTimeout")).isEqualTo("500ms");

        client.genericKubernetesResources(KubeKinds.kuma("MeshRetry")).inNamespace("kuma-system").withName("mesh-retry-all-" + mesh).delete();
        await(() -> getKuma("MeshRetry", "kuma-system", "mesh-retry-all-" + mesh) == null, "deleted");
        GenericKubernetesResource touched = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(mesh).edit(m -> {
            m.getMetadata().setLabels(Map.of("touched", "yes"));
            return m;
        });
        long version = Long.parseLong(touched.getMetadata().getResourceVersion());
        await(() -> standIn.meshControllerLookedAt(mesh) >= version, "Kuma's Mesh controller has looked at the touched Mesh");
        assertThat(getKuma("MeshRetry", "kuma-system", "mesh-retry-all-" + mesh)).as("a deleted default stays deleted").isNull();
    }

    @Test
    void skipCreatingInitialPoliciesIsHonoured() {
        String some = TestCluster.uniqueName("standin-skip");
        String all = TestCluster.uniqueName("standin-skip-all");
        create(kuma("Mesh", null, some, Map.of("skipCreatingInitialPolicies", List.of("MeshRetry", "MeshCircuitBreaker"))));
        create(kuma("Mesh", null, all, Map.of("skipCreatingInitialPolicies", List.of("*"))));
        await(() -> "true".equals(annotations(getKuma("Mesh", null, some)).get("k8s.kuma.io/mesh-defaults-generated"))
                && "true".equals(annotations(getKuma("Mesh", null, all)).get("k8s.kuma.io/mesh-defaults-generated")), "annotated");
        assertThat(getKuma("MeshTimeout", "kuma-system", "mesh-timeout-all-" + some)).isNotNull();
        assertThat(getKuma("MeshTimeout", "kuma-system", "mesh-gateways-timeout-all-" + some)).isNotNull();
        assertThat(getKuma("MeshRetry", "kuma-system", "mesh-retry-all-" + some)).isNull();
        assertThat(getKuma("MeshCircuitBreaker", "kuma-system", "mesh-circuit-breaker-all-" + some)).isNull();
        for (String kind : List.of("MeshTimeout", "MeshRetry", "MeshCircuitBreaker")) {
            assertThat(client.genericKubernetesResources(KubeKinds.kuma(kind)).inNamespace("kuma-system").withLabel("kuma.io/mesh", all)
                    .list().getItems()).as(kind + " of a Mesh that skips every default").isEmpty();
        }
    }

    @Test
    void theControlPlaneDeploymentIsKumasChartAndItsStatusFollowsAReplicasPatch() {
        Deployment deployment = deployment();
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("control-plane");
        assertThat(container.getImage()).isEqualTo("docker.io/kumahq/kuma-cp:2.14.3");
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        assertThat(env).containsEntry("KUMA_MODE", "zone").containsEntry("KUMA_STORE_TYPE", "kubernetes")
                .containsEntry("KUMA_ENVIRONMENT", "kubernetes").containsEntry("KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE", "kuma-system")
                .containsEntry("KUMA_DEFAULTS_SKIP_MESH_CREATION", "true");
        await(() -> deployment().getStatus() != null && Integer.valueOf(1).equals(deployment().getStatus().getReadyReplicas()), "status written");

        int before = deployment().getSpec().getReplicas();
        try {
            client.apps().deployments().inNamespace("kuma-system").withName("kuma-control-plane").scale(3);
            await(() -> {
                Deployment now = deployment();
                return now.getStatus().getObservedGeneration().equals(now.getMetadata().getGeneration())
                        && Integer.valueOf(3).equals(now.getStatus().getReplicas()) && Integer.valueOf(3).equals(now.getStatus().getUpdatedReplicas())
                        && Integer.valueOf(3).equals(now.getStatus().getReadyReplicas())
                        && Integer.valueOf(3).equals(now.getStatus().getAvailableReplicas());
            }, "status follows the patch");
            assertThat(deployment().getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Available");
                assertThat(c.getStatus()).isEqualTo("True");
            });
        } finally {
            client.apps().deployments().inNamespace("kuma-system").withName("kuma-control-plane").scale(before);
        }
    }

    private static Deployment deployment() {
        return client.apps().deployments().inNamespace("kuma-system").withName("kuma-control-plane").get();
    }

    private static Map<String, String> annotations(GenericKubernetesResource object) {
        return object == null || object.getMetadata().getAnnotations() == null ? Map.of() : object.getMetadata().getAnnotations();
    }

    private static void await(BooleanSupplier condition, String what) {
        org.awaitility.Awaitility.await(what).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }
}
