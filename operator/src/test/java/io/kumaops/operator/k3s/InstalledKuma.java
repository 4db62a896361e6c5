package io.kumaops.operator.k3s;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.KumaCases;
import io.kumaops.operator.admission.WebhookCaseRun;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.KumaImage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Kuma's control plane as its Helm chart installed it, as the judge of {@link WebhookCaseRun}. Unlike the stand-in it
 * judges for one target only (what its Deployment runs) and stores nothing it would refuse, so a case for another
 * target, or whose previous object Kuma refuses, is skipped and counted. Its mutating webhooks run first
 * (Kuma {@code deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml}): the owner-reference webhook refuses a
 * mesh-scoped object whose Mesh does not exist ({@code pkg/plugins/runtime/k8s/webhooks/owner_reference_mutator.go}),
 * so the Mesh a case names is created first, through Kuma.
 */
final class InstalledKuma implements WebhookCaseRun.Kuma {

    // Kuma's chart names all its admission webhooks under kuma-admission.kuma.io: the validator, the defaulter and the
    // owner-reference mutator (templates/cp-webhooks-and-secrets.yaml).
    private static final String WEBHOOKS = ".kuma-admission.kuma.io";

    // Mesh-scoped kinds get a Mesh owner; Mesh and Zone are global, ContainerPatch too (its descriptor's scope).
    private static final Set<String> NOT_MESH_SCOPED = Set.of("Mesh", "Zone", "ContainerPatch");

    // What Kuma's owner-reference webhook can look up as a Mesh: a Kubernetes object name (ValidateMesh refuses the
    // rest first, with the validator's own message).
    private static final Pattern MESH_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private final KubernetesClient client;
    private final AdmissionTarget installed;
    private final Set<String> meshes = new HashSet<>();

    private InstalledKuma(KubernetesClient client, AdmissionTarget installed) {
        this.client = client;
        this.installed = installed;
    }

    /**
     * The Kuma whose control plane runs in {@code namespace}: the distribution and minor from its image, the role from
     * {@code KUMA_MODE} and the global address, the system namespace from its store's setting (the chart's env,
     * {@code templates/_helpers.tpl}). Waits for Mesh {@code default}, which the control plane creates when it starts
     * ({@code pkg/defaults/mesh.go}; the chart leaves {@code controlPlane.defaults.skipMeshCreation} off): Kuma's
     * spec-only cases name no Mesh, so they are in {@code default}.
     */
    static InstalledKuma inNamespace(KubernetesClient client, String namespace) {
        Deployment controlPlane = client.apps().deployments().inNamespace(namespace).withName("kuma-control-plane").require();
        var container = controlPlane.getSpec().getTemplate().getSpec().getContainers().get(0);
        KumaImage image = KumaImage.parse(container.getImage())
                .orElseThrow(() -> new IllegalStateException("not a Kuma control-plane image: " + container.getImage()));
        String mode = env(container.getEnv(), "KUMA_MODE");
        String globalAddress = env(container.getEnv(), "KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS");
        ControlPlaneRole role = "global".equals(mode) ? ControlPlaneRole.Global
                : globalAddress.isBlank() ? ControlPlaneRole.Standalone : ControlPlaneRole.Zone;
        String systemNamespace = env(container.getEnv(), "KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE");
        AdmissionTarget target = new AdmissionTarget(image.distribution(), image.version(), systemNamespace, role);
        // Kuma's webhooks see only namespaces labelled for injection; the chart's pre-install job labels its own
        // (templates/pre-install-patch-namespace-job.yaml). Without the label every case there would pass unjudged.
        var labels = client.namespaces().withName(target.systemNamespace()).require().getMetadata().getLabels();
        if (labels == null || !labels.containsKey("kuma.io/sidecar-injection")) {
            throw new IllegalStateException("namespace " + target.systemNamespace() + " has no kuma.io/sidecar-injection label:"
                    + " Kuma's chart labels it in its pre-install hook; install the chart with hooks");
        }
        Awaitility.await("Mesh default, created by Kuma's control plane at start").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName("default").get() != null);
        return new InstalledKuma(client, target);
    }

    private static String env(List<EnvVar> env, String name) {
        return env.stream().filter(e -> e.getName().equals(name) && e.getValue() != null).map(EnvVar::getValue).findFirst().orElse("");
    }

    @Override
    public String skipReason(KumaCases.Case c, AdmissionRequest request) {
        AdmissionTarget wanted = request.target();
        boolean same = wanted.distribution() == installed.distribution() && wanted.version().equals(installed.version())
                && wanted.role() == installed.role() && wanted.systemNamespace().equals(installed.systemNamespace());
        if (!same) {
            return otherTarget(wanted);
        }
        if ("Mesh".equals(request.kind()) && "default".equals(request.name())) {
            // The run deletes each case's object before and after it; the other cases live in Mesh default.
            return "Mesh default, which the other cases are in";
        }
        if (loadsSecrets(c, request)) {
            // Kuma loads a provided CA's Secrets once the backend's configuration passes (pkg/plugins/ca/provided/
            // manager.go ValidateBackend, getCa): without them it refuses what the case judges on configuration alone.
            return "a provided CA whose Secrets the case does not hold";
        }
        return null;
    }

    private static boolean loadsSecrets(KumaCases.Case c, AdmissionRequest request) {
        if (!"Mesh".equals(request.kind()) || !(request.spec().get("mtls") instanceof Map<?, ?> mtls)
                || !(mtls.get("backends") instanceof List<?> backends) || Boolean.TRUE.equals(mtls.get("skipValidation"))) {
            return false;
        }
        for (int i = 0; i < backends.size(); i++) {
            String conf = "mtls.backends[" + i + "].conf";
            if (backends.get(i) instanceof Map<?, ?> backend && "provided".equals(backend.get("type"))
                    && c.violations().stream().noneMatch(v -> v.field().startsWith(conf))) {
                return true;
            }
        }
        return false;
    }

    private String otherTarget(AdmissionTarget wanted) {
        // No other target can be played here: Kuma's webhook judges as what it is.
        String namespace = wanted.systemNamespace().equals(installed.systemNamespace()) ? "" : " in " + wanted.systemNamespace();
        return "for " + wanted + " " + wanted.role() + namespace + " (not the installed target)";
    }

    /** The installed target as the run prints it. */
    String describe() {
        return installed + " " + installed.role() + " in " + installed.systemNamespace();
    }

    @Override
    public AutoCloseable prepare(AdmissionRequest request, Map<String, Object> object) throws Exception {
        if (!NOT_MESH_SCOPED.contains(request.kind())) {
            String mesh = request.labels().getOrDefault("kuma.io/mesh", "default");
            if (MESH_NAME.matcher(mesh).matches() && meshes.add(mesh)
                    && client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(mesh).get() == null) {
                // Created through Kuma's webhooks as any user would; an empty Mesh is one Kuma admits.
                client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(emptyMesh(mesh)).create();
            }
        }
        return () -> { };
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource emptyMesh(String name) {
        var mesh = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        mesh.setApiVersion("kuma.io/v1alpha1");
        mesh.setKind("Mesh");
        mesh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
        return mesh;
    }

    @Override
    public void remove(WebhookCaseRun run, String collection, String name) throws Exception {
        String path = collection + "/" + name;
        if (run.send("DELETE", path, null, null).code() / 100 != 2) {
            return; // nothing there, or Kuma keeps it (then the case's own request meets it and says so)
        }
        Awaitility.await("deletion of " + path).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> run.send("GET", path, null, null).code() == 404);
    }

    @Override
    public boolean isKumasWebhook(String webhookName) {
        return webhookName.endsWith(WEBHOOKS);
    }
}
