package io.kumaops.operator.it;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records, from the API server's point of view, every write to the objects a profile owns: watches on each
 * kind, ordered by resourceVersion (etcd's revision), which is the order the writes happened in.
 */
public final class WriteLog implements AutoCloseable {

    /**
     * @param receivedNanos {@link System#nanoTime()} when the watch delivered it: comparable with other timestamps of
     *                      this JVM (the Kuma stand-in's publications), never with another process's clock
     */
    public record Write(long revision, String type, String kind, String name, Map<String, Object> object, long receivedNanos) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> spec() {
            Object spec = object.get("spec");
            return spec instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        }

        /** The {@code kumaops.io/step} annotation the object carried at this write, or null (not the operator's object). */
        public String step() {
            return object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> annotations
                    && annotations.get(Labels.STEP) instanceof String step ? step : null;
        }

        public boolean meshWithEnabledBackend() {
            return kind.equals("Mesh") && spec().get("mtls") instanceof Map<?, ?> mtls && mtls.get("enabledBackend") != null;
        }

        /** The mesh the object belongs to: a Mesh's name, else its kuma.io/mesh label. */
        @SuppressWarnings("unchecked")
        public String mesh() {
            if (kind.equals("Mesh")) {
                return name;
            }
            return object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("labels") instanceof Map<?, ?> labels
                    ? (String) ((Map<String, Object>) labels).get(Labels.KUMA_MESH) : null;
        }
    }

    /** The Kuma kinds a profile writes. */
    static final List<String> KUMA_KINDS = List.of("Mesh", "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker",
            "ContainerPatch", "Zone");

    /** The kinds besides Kuma's that a rollout writes (steps 0 and 5), as the API server 1.20 serves them. */
    public static final List<String> CONTROL_PLANE_KINDS = List.of("apps/v1/Deployment", "policy/v1beta1/PodDisruptionBudget",
            "autoscaling/v2beta2/HorizontalPodAutoscaler", "networking.k8s.io/v1/NetworkPolicy");

    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private final List<Consumer<Write>> listeners = new CopyOnWriteArrayList<>();

    /** Watches the Kuma kinds (all namespaces) for objects whose mesh label, name or profile label matches. */
    public static WriteLog start(KubernetesClient client, String profile, String mesh) {
        return start(client, profile, mesh, List.of());
    }

    /**
     * The same, and the objects of {@code otherKinds} ({@code group/version/Kind}, e.g. {@link #CONTROL_PLANE_KINDS})
     * that carry the profile label.
     */
    public static WriteLog start(KubernetesClient client, String profile, String mesh, List<String> otherKinds) {
        return start(client, otherKinds, (kind, resource) -> {
            Map<String, String> labels = resource.getMetadata().getLabels();
            return kind.equals("Mesh") ? resource.getMetadata().getName().equals(mesh)
                    : labels != null && (profile.equals(labels.get(Labels.PROFILE)) || mesh.equals(labels.get(Labels.KUMA_MESH)));
        });
    }

    /** Watches the Kuma kinds (all namespaces) for objects the operator manages, of every profile. */
    public static WriteLog managedByOperator(KubernetesClient client) {
        return start(client, List.of(), (kind, resource) -> resource.getMetadata().getLabels() != null
                && Labels.MANAGED_BY_VALUE.equals(resource.getMetadata().getLabels().get(Labels.MANAGED_BY)));
    }

    private static WriteLog start(KubernetesClient client, List<String> otherKinds,
                                  java.util.function.BiPredicate<String, GenericKubernetesResource> ours) {
        WriteLog log = new WriteLog();
        List<String> kinds = new ArrayList<>();
        for (String kind : KUMA_KINDS) {
            kinds.add(KubeKinds.KUMA_GROUP + "/" + KubeKinds.KUMA_VERSION + "/" + kind);
        }
        kinds.addAll(otherKinds);
        for (String qualified : kinds) {
            String kind = qualified.substring(qualified.lastIndexOf('/') + 1);
            var context = KubeKinds.context(qualified.substring(0, qualified.lastIndexOf('/')), kind);
            var operation = client.genericKubernetesResources(context);
            Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    long received = System.nanoTime();
                    if (ours.test(kind, resource)) {
                        Write write = new Write(Long.parseLong(resource.getMetadata().getResourceVersion()), action.name(), kind,
                                resource.getMetadata().getName(), io.kumaops.operator.kube.KubeAccess.toMap(resource), received);
                        log.writes.add(write);
                        log.listeners.forEach(listener -> listener.accept(write));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            };
            log.watches.add(context.isNamespaceScoped() ? operation.inAnyNamespace().watch(watcher) : operation.watch(watcher));
        }
        return log;
    }

    /** Called on the watch's thread for every write recorded from now on, as soon as it arrives. */
    public void onWrite(Consumer<Write> listener) {
        listeners.add(listener);
    }

    /** All writes so far, in the order the API server made them. */
    public List<Write> ordered() {
        List<Write> copy = new ArrayList<>(writes);
        copy.sort(Comparator.comparingLong(Write::revision));
        return copy;
    }

    public long firstRevision(java.util.function.Predicate<Write> which) {
        return ordered().stream().filter(which).mapToLong(Write::revision).findFirst().orElse(Long.MAX_VALUE);
    }

    public long lastRevision(java.util.function.Predicate<Write> which) {
        return ordered().stream().filter(which).mapToLong(Write::revision).max().orElse(-1);
    }

    public int size() {
        return writes.size();
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }
}
