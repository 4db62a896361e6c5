package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.kube.KubeKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kuma's Mesh controller on Kubernetes (Kuma {@code pkg/plugins/runtime/k8s/controllers/mesh_controller.go}): for a
 * Mesh not yet annotated {@code k8s.kuma.io/mesh-defaults-generated: "true"} it creates the default policies that are
 * missing, then sets the annotation, so a default deleted afterwards stays deleted. A federated zone runs no such
 * controller (its Meshes and their defaults come from global, {@code pkg/plugins/runtime/k8s/plugin.go}). Meshes seen
 * while the control plane is stopped wait for its start, as Kuma's controller catches up on start.
 */
final class MeshDefaultsController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MeshDefaultsController.class);
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Supplier<KumaStandIn.Config> config;
    private final Supplier<Boolean> running;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kuma-stand-in-mesh-defaults");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<GenericKubernetesResource> informer;
    /** Per Mesh, the newest resourceVersion a finished pass read: tests wait on it to show nothing followed a change. */
    private final Map<String, Long> looked = new java.util.concurrent.ConcurrentHashMap<>();

    MeshDefaultsController(KubernetesClient client, Supplier<KumaStandIn.Config> config, Supplier<Boolean> running) {
        this.client = client;
        this.config = config;
        this.running = running;
    }

    void start() {
        informer = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource mesh) {
                enqueue(mesh.getMetadata().getName(), 1);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource mesh) {
                enqueue(mesh.getMetadata().getName(), 1);
            }

            @Override
            public void onDelete(GenericKubernetesResource mesh, boolean unknownFinalState) {
                looked.remove(mesh.getMetadata().getName());
            }
        }, 0);
    }

    /** Looks at every known Mesh again, as Kuma's controller does when the control plane starts. */
    void resync() {
        if (informer == null) {
            return;
        }
        for (GenericKubernetesResource mesh : informer.getStore().list()) {
            enqueue(mesh.getMetadata().getName(), 1);
        }
    }

    private void enqueue(String mesh, int attempt) {
        if (worker.isShutdown()) {
            return;
        }
        long delay = attempt == 1 ? 0 : 500L * attempt;
        try {
            worker.schedule(() -> reconcile(mesh, attempt), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void reconcile(String name, int attempt) {
        KumaStandIn.Config current = config.get();
        if (!running.get() || current.role() == ControlPlaneRole.Zone) {
            return;
        }
        try {
            GenericKubernetesResource mesh = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get();
            if (mesh == null || mesh.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            Map<String, String> annotations = mesh.getMetadata().getAnnotations();
            if (annotations == null || !"true".equals(annotations.get(MeshDefaults.DEFAULTS_GENERATED))) {
                for (MeshDefaults.Policy policy : MeshDefaults.forMesh(skipped(mesh))) {
                    ensure(mesh, policy, current);
                }
                client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name)
                        .patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"" + MeshDefaults.DEFAULTS_GENERATED + "\":\"true\"}}}");
                LOG.info("Kuma stand-in: default policies ensured for Mesh {}", name);
            }
            String version = mesh.getMetadata().getResourceVersion();
            if (version != null && version.matches("\\d{1,18}")) { // etcd's revision; opaque elsewhere, then not recorded
                looked.merge(name, Long.parseLong(version), Math::max);
            }
        } catch (KubernetesClientException e) {
            if (worker.isShutdown()) {
                return;
            }
            if (attempt < ATTEMPTS && running.get()) {
                LOG.debug("Kuma stand-in: default policies for Mesh {} failed (attempt {}): {}", name, attempt, e.getMessage());
                enqueue(name, attempt + 1);
            } else {
                LOG.warn("Kuma stand-in: could not create the default policies of Mesh {}: {}", name, e.getMessage());
            }
        }
    }

    private void ensure(GenericKubernetesResource mesh, MeshDefaults.Policy policy, KumaStandIn.Config config) {
        String meshName = mesh.getMetadata().getName();
        String namespace = config.systemNamespace();
        var resources = client.genericKubernetesResources(KubeKinds.kuma(policy.kind())).inNamespace(namespace);
        if (resources.withName(policy.name(meshName)).get() != null) {
            return;
        }
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(KubeKinds.KUMA_GROUP + "/" + KubeKinds.KUMA_VERSION).withKind(policy.kind())
                .withNewMetadata().withName(policy.name(meshName)).withNamespace(namespace)
                .withLabels(MeshDefaults.labels(meshName, config.role(), config.zoneName(), namespace))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(KubeKinds.KUMA_GROUP + "/" + KubeKinds.KUMA_VERSION).withKind("Mesh")
                        .withName(meshName).withUid(mesh.getMetadata().getUid()).build())
                .endMetadata()
                .build();
        object.setAdditionalProperty("spec", policy.spec());
        try {
            resources.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * The newest resourceVersion of the Mesh that a pass of this controller has read and finished with (0 while none
     * has): once it reaches the version a write returned, whatever the controller does about that write is done.
     */
    long lookedAt(String mesh) {
        return looked.getOrDefault(mesh, 0L);
    }

    @SuppressWarnings("unchecked")
    private static List<String> skipped(GenericKubernetesResource mesh) {
        Object spec = mesh.getAdditionalProperties().get("spec");
        List<String> skipped = new ArrayList<>();
        if (spec instanceof Map<?, ?> map && map.get("skipCreatingInitialPolicies") instanceof List<?> list) {
            list.forEach(item -> skipped.add(String.valueOf(item)));
        }
        return skipped;
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        worker.shutdownNow();
    }
}
