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

    /** The kinds a profile writes. */
    static final List<String> KINDS = List.of("Mesh", "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker",
            "ContainerPatch", "Zone");

    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final List<Watch> watches = new ArrayList<>();

    /** Watches the Kuma kinds (all namespaces) for objects whose mesh label, name or profile label matches. */
    public static WriteLog start(KubernetesClient client, String profile, String mesh) {
        return start(client, (kind, resource) -> {
            Map<String, String> labels = resource.getMetadata().getLabels();
            return kind.equals("Mesh") ? resource.getMetadata().getName().equals(mesh)
                    : labels != null && (profile.equals(labels.get(Labels.PROFILE)) || mesh.equals(labels.get(Labels.KUMA_MESH)));
        });
    }

    /** Watches the Kuma kinds (all namespaces) for objects the operator manages, of every profile. */
    public static WriteLog managedByOperator(KubernetesClient client) {
        return start(client, (kind, resource) -> resource.getMetadata().getLabels() != null
                && Labels.MANAGED_BY_VALUE.equals(resource.getMetadata().getLabels().get(Labels.MANAGED_BY)));
    }

    private static WriteLog start(KubernetesClient client, java.util.function.BiPredicate<String, GenericKubernetesResource> ours) {
        WriteLog log = new WriteLog();
        for (String kind : KINDS) {
            var operation = client.genericKubernetesResources(KubeKinds.kuma(kind));
            Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource resource) {
                    long received = System.nanoTime();
                    if (ours.test(kind, resource)) {
                        log.writes.add(new Write(Long.parseLong(resource.getMetadata().getResourceVersion()), action.name(), kind,
                                resource.getMetadata().getName(), io.kumaops.operator.kube.KubeAccess.toMap(resource), received));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            };
            log.watches.add(kind.equals("Mesh") || kind.equals("Zone") ? operation.watch(watcher) : operation.inAnyNamespace().watch(watcher));
        }
        return log;
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
