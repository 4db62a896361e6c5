package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.DelegatedGateway;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.plan.ClusterState;
import io.kumaops.operator.plan.Labels;
import io.kumaops.operator.plan.Planner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the live cluster, read-only, into the facts the planner and the rules use. Every probe is independent:
 * one the operator may not perform (403) or that finds nothing leaves its fact null ("not observed") instead of
 * failing the reconcile. Large lists are paged and counted, never cached.
 */
public final class ClusterObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);
    /** Page size when counting Dataplanes: bounds memory however large the mesh is. */
    static final long PAGE_SIZE = 500;
    static final String CILIUM_NAMESPACE = "kube-system";
    static final String CILIUM_CONFIG_MAP = "cilium-config";
    static final String HELM_TLS_SECRET = "kuma-tls-cert";
    static final String ENV_CNI_ENABLED = "KUMA_RUNTIME_KUBERNETES_INJECTOR_CNI_ENABLED";
    private static final List<String> MESH_WIDE_POLICY_KINDS = List.of("MeshTimeout", "MeshRetry", "MeshCircuitBreaker");

    private final KubernetesClient client;
    private final KubeAccess kube;

    public ClusterObserver(KubernetesClient client) {
        this.client = client;
        this.kube = new KubeAccess(client);
    }

    public boolean kumaInstalled() {
        return kube.crdExists("meshes.kuma.io");
    }

    /** Everything the planner needs; {@code observation} is folded in. */
    public ClusterState state(KumaProductionProfile profile, ClusterObservation observation) {
        String mesh = profile.meshName();
        String namespace = profile.getSpec().controlPlane.systemNamespace;
        Map<String, Object> meshSpec = probe("mesh", () -> kube.get(new io.kumaops.operator.plan.ResourceRef(
                Planner.KUMA_API, "Mesh", null, mesh)).map(m -> specOf(m)).orElse(null));
        Set<String> permissions = new HashSet<>();
        List<GenericKubernetesResource> mtps = probe("permissions", () -> client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission"))
                .inNamespace(namespace).list().getItems());
        if (mtps != null) {
            mtps.forEach(mtp -> permissions.add(mtp.getMetadata().getName()));
        }
        return new ClusterState(meshSpec, permissions, new HashSet<>(observation.servedApis()), observation);
    }

    public ClusterObservation observe(KumaProductionProfile profile) {
        KumaProductionProfileSpec spec = profile.getSpec();
        String namespace = spec.controlPlane.systemNamespace;
        boolean kuma = Boolean.TRUE.equals(probe("kuma", this::kumaInstalled));
        List<String> served = servedApis();
        ClusterObservation.ControlPlaneDeployment controlPlane = probe("control plane", () -> controlPlane(namespace, spec.controlPlane.deploymentName));
        Boolean pdb = controlPlane == null ? null : probe("pdb", () -> disruptionBudgetSelects(namespace, controlPlane, served));
        return new ClusterObservation(
                kuma,
                kuma ? probe("dataplanes", () -> countDataplanes(profile.meshName())) : null,
                controlPlane,
                pdb,
                probe("platform", this::detectProvider),
                controlPlane == null ? null : "true".equals(controlPlane.env().get(ENV_CNI_ENABLED)),
                probe("cilium", this::cilium),
                probe("argo cd", () -> kube.crdExists("applications.argoproj.io")),
                probe("argo rollouts", () -> kube.crdExists("rollouts.argoproj.io")),
                probe("control-plane tls", () -> helmGeneratedTls(namespace)),
                kuma ? Optional.ofNullable(probe("mesh-wide policies", () -> meshWidePolicies(namespace, profile.meshName()))).orElse(List.of()) : List.of(),
                Optional.ofNullable(probe("gateways", () -> gateways(spec.gateway.delegated))).orElse(List.of()),
                served);
    }

    int countDataplanes(String mesh) {
        int count = 0;
        String continueToken = null;
        do {
            GenericKubernetesResourceList page = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inAnyNamespace()
                    .withLabel(Labels.KUMA_MESH, mesh)
                    .list(new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(continueToken).build());
            count += page.getItems().size();
            continueToken = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return count;
    }

    private ClusterObservation.ControlPlaneDeployment controlPlane(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment == null) {
            return null;
        }
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        Container container = containers.stream().filter(c -> Planner.CONTROL_PLANE_CONTAINER.equals(c.getName())).findFirst()
                .orElse(containers.isEmpty() ? null : containers.get(0));
        Map<String, String> env = new LinkedHashMap<>();
        Long cpu = null;
        Long memory = null;
        if (container != null) {
            if (container.getEnv() != null) {
                for (EnvVar var : container.getEnv()) {
                    if (var.getValue() != null) {
                        env.put(var.getName(), var.getValue());
                    }
                }
            }
            if (container.getResources() != null && container.getResources().getRequests() != null) {
                Quantity cpuRequest = container.getResources().getRequests().get("cpu");
                Quantity memoryRequest = container.getResources().getRequests().get("memory");
                cpu = cpuRequest == null ? null : Quantity.getAmountInBytes(cpuRequest).movePointRight(3).longValue();
                memory = memoryRequest == null ? null : Quantity.getAmountInBytes(memoryRequest).longValue();
            }
        }
        Map<String, String> selector = deployment.getSpec().getSelector() == null || deployment.getSpec().getSelector().getMatchLabels() == null
                ? Map.of() : deployment.getSpec().getSelector().getMatchLabels();
        Integer replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new ClusterObservation.ControlPlaneDeployment(namespace, name, replicas, env, cpu, memory, selector);
    }

    /** A PDB protects the control plane when its matchLabels are a subset of the Deployment's selector. */
    private Boolean disruptionBudgetSelects(String namespace, ClusterObservation.ControlPlaneDeployment cp, List<String> served) {
        String apiVersion = served.contains("policy/v1") ? "policy/v1" : "policy/v1beta1";
        List<GenericKubernetesResource> budgets = client.genericKubernetesResources(KubeKinds.context(apiVersion, "PodDisruptionBudget"))
                .inNamespace(namespace).list().getItems();
        for (GenericKubernetesResource budget : budgets) {
            Object matchLabels = get(budget.getAdditionalProperties(), "spec", "selector", "matchLabels");
            if (matchLabels instanceof Map<?, ?> labels && !labels.isEmpty()
                    && labels.entrySet().stream().allMatch(e -> String.valueOf(e.getValue()).equals(cp.selector().get(String.valueOf(e.getKey()))))) {
                return true;
            }
        }
        return false;
    }

    /** Provider from documented signals: OpenShift and GKE Autopilot API groups, then the nodes' providerID. */
    private String detectProvider() {
        if (client.getApiGroup("config.openshift.io") != null) {
            return "OpenShift";
        }
        if (client.getApiGroup("auto.gke.io") != null) {
            return "GKEAutopilot";
        }
        var nodes = client.nodes().list(new ListOptionsBuilder().withLimit(1L).build()).getItems();
        if (nodes.isEmpty() || nodes.get(0).getSpec() == null || nodes.get(0).getSpec().getProviderID() == null) {
            return null;
        }
        String providerId = nodes.get(0).getSpec().getProviderID();
        if (providerId.startsWith("gce://")) {
            return "GKE";
        }
        if (providerId.startsWith("aws://")) {
            return "EKS";
        }
        if (providerId.startsWith("azure://")) {
            return "AKS";
        }
        return "Generic";
    }

    private ClusterObservation.CiliumConfig cilium() {
        ConfigMap config = client.configMaps().inNamespace(CILIUM_NAMESPACE).withName(CILIUM_CONFIG_MAP).get();
        if (config == null || config.getData() == null) {
            return null;
        }
        String replacement = config.getData().get("kube-proxy-replacement");
        String exclusive = config.getData().get("cni-exclusive");
        Boolean kubeProxyReplacement = replacement == null ? null
                : switch (replacement.toLowerCase()) {
                    case "true", "strict", "partial" -> true;
                    default -> false;
                };
        return new ClusterObservation.CiliumConfig(kubeProxyReplacement, exclusive == null ? null : Boolean.parseBoolean(exclusive));
    }

    /** True when Kuma's chart generated the CP certificate (Argo CD renders would regenerate it). */
    private Boolean helmGeneratedTls(String namespace) {
        Secret secret = client.secrets().inNamespace(namespace).withName(HELM_TLS_SECRET).get();
        if (secret == null) {
            return false;
        }
        Map<String, String> labels = secret.getMetadata().getLabels();
        return labels != null && "Helm".equals(labels.get("app.kubernetes.io/managed-by"));
    }

    private List<ClusterObservation.MeshWidePolicy> meshWidePolicies(String namespace, String mesh) {
        List<ClusterObservation.MeshWidePolicy> policies = new ArrayList<>();
        for (String kind : MESH_WIDE_POLICY_KINDS) {
            for (GenericKubernetesResource policy : client.genericKubernetesResources(KubeKinds.kuma(kind)).inNamespace(namespace)
                    .withLabel(Labels.KUMA_MESH, mesh).list().getItems()) {
                Object targetKind = get(policy.getAdditionalProperties(), "spec", "targetRef", "kind");
                if (targetKind == null || "Mesh".equals(targetKind)) {
                    policies.add(new ClusterObservation.MeshWidePolicy(kind, namespace, policy.getMetadata().getName(), ownerOf(policy)));
                }
            }
        }
        return policies;
    }

    private static String ownerOf(GenericKubernetesResource resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        if (labels != null && labels.get(Labels.MANAGED_BY) != null) {
            return labels.get(Labels.MANAGED_BY);
        }
        List<ManagedFieldsEntry> fields = resource.getMetadata().getManagedFields();
        return fields == null || fields.isEmpty() ? "unknown" : fields.get(0).getManager();
    }

    private List<ClusterObservation.GatewayDeployment> gateways(List<DelegatedGateway> listed) {
        List<ClusterObservation.GatewayDeployment> result = new ArrayList<>();
        for (DelegatedGateway gateway : listed) {
            Deployment deployment = client.apps().deployments().inNamespace(gateway.namespace).withName(gateway.deploymentName).get();
            boolean annotated = deployment != null && deployment.getSpec().getTemplate().getMetadata() != null
                    && deployment.getSpec().getTemplate().getMetadata().getAnnotations() != null
                    && "enabled".equals(deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("kuma.io/gateway"));
            result.add(new ClusterObservation.GatewayDeployment(gateway.namespace, gateway.deploymentName, deployment != null, annotated));
        }
        return result;
    }

    private List<String> servedApis() {
        List<String> served = new ArrayList<>();
        for (String group : List.of("policy", "autoscaling", "networking.k8s.io", "admissionregistration.k8s.io")) {
            APIGroup apiGroup = probe("api group " + group, () -> client.getApiGroup(group));
            if (apiGroup != null) {
                apiGroup.getVersions().forEach(v -> served.add(v.getGroupVersion()));
            }
        }
        return served;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> specOf(Map<String, Object> object) {
        Object spec = object.get("spec");
        return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object get(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static <T> T probe(String what, Supplier<T> probe) {
        try {
            return probe.get();
        } catch (KubernetesClientException e) {
            LOG.debug("cannot observe {}: {} {}", what, e.getCode(), e.getMessage());
            return null;
        }
    }
}
