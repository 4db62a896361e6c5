package io.kumaops.operator.observe;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Seeds the shared test API server with what a real cluster would show: a control plane installed by Helm, Data
 * planes, other vendors' CRDs, Cilium's ConfigMap, Nodes of managed platforms. Cluster-wide fixtures (CRDs,
 * kube-system/cilium-config, Nodes) are seen by every test of the JVM, so callers delete them in a finally block.
 */
public final class ClusterFixtures {

    /** The field manager Helm 3 writes with (client-side apply: operation Update). */
    public static final String HELM_MANAGER = "helm";

    private ClusterFixtures() {
    }

    public static void namespace(KubernetesClient client, String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).serverSideApply();
    }

    /** A control-plane Deployment shaped like Kuma's chart renders it (labels, selector, container, env). */
    public static Deployment helmControlPlane(String namespace, String name, int replicas, Map<String, String> env, String cpu, String memory) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", name);
        labels.put("app.kubernetes.io/name", "kuma");
        labels.put("app.kubernetes.io/instance", "kuma");
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        Map<String, String> deploymentLabels = new LinkedHashMap<>(labels);
        deploymentLabels.put("app.kubernetes.io/managed-by", "Helm");
        deploymentLabels.put("helm.sh/chart", "kuma-2.14.3");
        List<EnvVar> vars = new ArrayList<>();
        env.forEach((key, value) -> vars.add(new EnvVar(key, value, null)));
        var container = new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("control-plane").withImage("docker.io/kumahq/kuma-cp:2.14.3")
                .withArgs("run", "--log-level=info", "--config-file=/etc/kuma.io/kuma-control-plane/config.yaml")
                .withEnv(vars)
                .addNewEnv().withName("KUMA_INTER_CP_CATALOG_INSTANCE_ADDRESS").withNewValueFrom().withNewFieldRef()
                .withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewPort().withContainerPort(5680).withName("diagnostics").withProtocol("TCP").endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .addToLimits("memory", new Quantity(memory))
                .endResources()
                .build();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(deploymentLabels).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(0)
                .withNewSelector().addToMatchLabels("app", name).addToMatchLabels("app.kubernetes.io/name", "kuma")
                .addToMatchLabels("app.kubernetes.io/instance", "kuma").endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).addToAnnotations("checksum/config", "0123456789abcdef").endMetadata()
                .withNewSpec().withServiceAccountName(name).addToContainers(container).endSpec()
                .endTemplate().endSpec().build();
    }

    /** Creates as Helm does: a plain create, whose field manager (from the User-Agent) is "helm", operation Update. */
    public static Deployment createAsHelm(KubernetesClient client, Deployment deployment) {
        return asManager(client, HELM_MANAGER, as -> as.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                .resource(deployment).create());
    }

    /**
     * Runs writes under another field manager. Non-apply requests take the manager from the User-Agent's product
     * name, so a client with User-Agent "helm/…" writes the way Helm's client-side apply does.
     */
    public static <T> T asManager(KubernetesClient client, String manager, java.util.function.Function<KubernetesClient, T> writes) {
        var config = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withUserAgent(manager + "/v0.0.0-test").build();
        try (KubernetesClient as = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
            return writes.apply(as);
        }
    }

    /** The env Kuma's chart renders for a Kubernetes control plane (a relevant subset of kuma.defaultEnv). */
    public static Map<String, String> helmDefaultEnv(String namespace) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUMA_ENVIRONMENT", "kubernetes");
        env.put("KUMA_STORE_TYPE", "kubernetes");
        env.put("KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE", namespace);
        env.put("KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED", "false");
        env.put("KUMA_MODE", "zone");
        return env;
    }

    /** A gateway Deployment (e.g. Kong) whose pod template carries kuma.io/gateway: enabled or not. */
    public static Deployment gateway(String namespace, String name, boolean annotated) {
        var template = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("proxy").withImage("kong:3.6").endContainer().endSpec()
                .endTemplate().endSpec().build();
        if (annotated) {
            template.getSpec().getTemplate().getMetadata().setAnnotations(Map.of("kuma.io/gateway", "enabled"));
        }
        return template;
    }

    /** A minimal Dataplane that Kuma's real CRD accepts (top-level mesh, the computed kuma.io/mesh label, a spec). */
    public static GenericKubernetesResource dataplane(String namespace, String name, String mesh) {
        return dataplane(namespace, name, mesh, io.kumaops.operator.model.KumaServiceTag.of(name, namespace, 8080));
    }

    /** A Dataplane with one inbound tagged with {@code serviceTag}, shaped as Kuma's injector makes them. */
    public static GenericKubernetesResource dataplane(String namespace, String name, String mesh, String serviceTag) {
        Map<String, Object> inbound = Map.of("port", 8080, "tags", Map.of("kuma.io/service", serviceTag));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "kuma.io/v1alpha1");
        body.put("kind", "Dataplane");
        body.put("mesh", mesh);
        body.put("metadata", Map.of("name", name, "namespace", namespace, "labels", Map.of(Labels.KUMA_MESH, mesh)));
        body.put("spec", Map.of("networking", Map.of("address", "10.0.0.1", "inbound", List.of(inbound))));
        return Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class);
    }

    /** Creates {@code count} Dataplanes named {@code prefix-N} in the namespaces, round robin, on a few threads. */
    public static void dataplanes(KubernetesClient client, List<String> namespaces, String mesh, String prefix, int count, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> batches = new ArrayList<>();
            int perThread = (count + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * perThread;
                int to = Math.min(count, from + perThread);
                batches.add(pool.submit(() -> {
                    var dataplanes = client.genericKubernetesResources(KubeKinds.kuma("Dataplane"));
                    for (int i = from; i < to; i++) {
                        String namespace = namespaces.get(i % namespaces.size());
                        dataplanes.inNamespace(namespace).resource(dataplane(namespace, prefix + "-" + i, mesh)).create();
                    }
                }));
            }
            for (Future<?> batch : batches) {
                batch.get(10, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("creating Dataplanes failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Deletes the mesh's Dataplanes with one delete-collection request per namespace. */
    public static void deleteDataplanes(KubernetesClient client, List<String> namespaces, String mesh) {
        for (String namespace : namespaces) {
            client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(namespace).withLabel(Labels.KUMA_MESH, mesh).delete();
        }
    }

    /** A minimal CRD, enough to make its group served (Argo CD, Argo Rollouts, OpenShift's config API). */
    public static void crd(KubernetesClient client, String group, String plural, String kind, String scope) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope(scope)
                .withNewNames().withPlural(plural).withKind(kind).withSingular(kind.toLowerCase()).endNames()
                .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(plural + "." + group)
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream().anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                        30, TimeUnit.SECONDS);
        // The operator detects CRD-backed APIs by discovery, whose group list follows an Established CRD a moment later.
        await().atMost(Duration.ofSeconds(30)).until(() -> discoveryServes(client, group, plural));
    }

    public static void deleteCrd(KubernetesClient client, String name) {
        client.apiextensions().v1().customResourceDefinitions().withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> client.apiextensions().v1().customResourceDefinitions().withName(name).get() == null);
        String group = name.substring(name.indexOf('.') + 1);
        String plural = name.substring(0, name.indexOf('.'));
        await().atMost(Duration.ofSeconds(30)).until(() -> !discoveryServes(client, group, plural));
    }

    /** True when the group is in discovery's group list and its v1alpha1 serves the resource. */
    private static boolean discoveryServes(KubernetesClient client, String group, String plural) {
        if (client.getApiGroups().getGroups().stream().noneMatch(g -> g.getName().equals(group))) {
            return false;
        }
        try {
            var resources = client.getApiResources(group + "/v1alpha1");
            return resources != null && resources.getResources().stream().anyMatch(r -> r.getName().equals(plural));
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return false;
        }
    }

    public static void argoCdAndRollouts(KubernetesClient client) {
        crd(client, "argoproj.io", "applications", "Application", "Namespaced");
        crd(client, "argoproj.io", "rollouts", "Rollout", "Namespaced");
    }

    public static void deleteArgo(KubernetesClient client) {
        deleteCrd(client, "applications.argoproj.io");
        deleteCrd(client, "rollouts.argoproj.io");
    }

    /** Cilium's agent ConfigMap as its chart renders the keys the rules read. */
    public static void ciliumConfig(KubernetesClient client, Map<String, String> data) {
        namespace(client, ClusterObserver.CILIUM_NAMESPACE);
        client.configMaps().inNamespace(ClusterObserver.CILIUM_NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(ClusterObserver.CILIUM_CONFIG_MAP).withNamespace(ClusterObserver.CILIUM_NAMESPACE).endMetadata()
                .withData(data).build()).serverSideApply();
    }

    public static void deleteCiliumConfig(KubernetesClient client) {
        client.configMaps().inNamespace(ClusterObserver.CILIUM_NAMESPACE).withName(ClusterObserver.CILIUM_CONFIG_MAP).delete();
    }

    /** A Node object (no kubelet behind it: the API server stores what it is given). */
    public static void node(KubernetesClient client, String name, String providerId, Map<String, String> labels) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withProviderID(providerId).endSpec().build()).create();
    }

    public static void deleteNodes(KubernetesClient client, List<String> names) {
        names.forEach(name -> client.nodes().withName(name).delete());
        await().atMost(Duration.ofSeconds(30)).until(() -> names.stream().allMatch(name -> client.nodes().withName(name).get() == null));
    }

    /** The CP certificate Secret Kuma's chart generates when no secretName is given (labels from kuma.cpLabels). */
    public static void helmGeneratedTlsSecret(KubernetesClient client, String namespace) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                .withNewMetadata().withName("kuma-tls-cert").withNamespace(namespace)
                .addToLabels("app", "kuma-control-plane").addToLabels("app.kubernetes.io/managed-by", "Helm").endMetadata()
                .withType("kubernetes.io/tls")
                .addToStringData("tls.crt", "not-a-real-cert").addToStringData("tls.key", "not-a-real-key").addToStringData("ca.crt", "ca")
                .build()).serverSideApply();
    }

    /** A Mesh-wide MeshTimeout in the system namespace, written under the given field manager and labels. */
    public static void meshTimeout(KubernetesClient client, String namespace, String name, String mesh, String fieldManager,
                                   Map<String, String> extraLabels) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put(Labels.KUMA_MESH, mesh);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "kuma.io/v1alpha1");
        body.put("kind", "MeshTimeout");
        body.put("metadata", Map.of("name", name, "namespace", namespace, "labels", labels));
        body.put("spec", Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("idleTimeout", "1h")))));
        asManager(client, fieldManager, as -> as.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace)
                .resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class)).create());
    }

    /** A PodDisruptionBudget (policy/v1beta1 on 1.20) whose selector is given as parsed JSON. */
    public static void disruptionBudget(KubernetesClient client, String namespace, String name, Map<String, Object> selector) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "policy/v1beta1");
        body.put("kind", "PodDisruptionBudget");
        body.put("metadata", Map.of("name", name, "namespace", namespace));
        body.put("spec", Map.of("maxUnavailable", 1, "selector", selector));
        client.genericKubernetesResources("policy/v1beta1", "PodDisruptionBudget").inNamespace(namespace)
                .resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class)).create();
    }

    // ---- profiles ----

    public static KumaProductionProfile applyProfile(KubernetesClient client, KumaProductionProfile profile) {
        profile.getMetadata().setResourceVersion(null);
        profile.getMetadata().setManagedFields(null);
        return client.resource(profile).fieldManager("test").forceConflicts().serverSideApply();
    }

    public static KumaProductionProfile awaitProfile(KubernetesClient client, String name, Duration timeout, Predicate<KumaProductionProfile> condition) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            KumaProductionProfile profile = client.resources(KumaProductionProfile.class).withName(name).get();
            return profile != null && profile.getStatus() != null && condition.test(profile);
        });
        return client.resources(KumaProductionProfile.class).withName(name).get();
    }

    /** True when status.findings holds an unsuppressed finding with this code. */
    public static boolean hasFinding(KumaProductionProfile profile, String code) {
        return profile.getStatus() != null && profile.getStatus().findings.stream().anyMatch(f -> code.equals(f.code) && !f.isSuppressed());
    }

    public static void deleteProfile(KubernetesClient client, String name) {
        client.resources(KumaProductionProfile.class).withName(name).delete();
    }
}
