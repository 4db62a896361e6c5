package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.kube.MetadataOnly;
import io.kumaops.operator.model.ContainerPatchNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods name a ContainerPatch in their {@value ContainerPatchNames#POD_ANNOTATION} annotation. Read only when a
 * patch is about to be deleted, never on every pass: one metadata-only list of all pods, paged.
 */
public final class ContainerPatchReferences {

    static final long PAGE_SIZE = 500;
    /** Pod names kept per patch for the message; the count covers the rest. */
    static final int NAMES_KEPT = 5;

    /** The pods naming one patch: the first few as namespace/name, and how many there are in all. */
    public record PodsNaming(List<String> examples, int count) {

        public String describe() {
            return count + (count == 1 ? " pod names" : " pods name") + " it in " + ContainerPatchNames.POD_ANNOTATION + " ("
                    + String.join(", ", examples) + (count > examples.size() ? " and " + (count - examples.size()) + " more" : "") + ")";
        }
    }

    private ContainerPatchReferences() {
    }

    /** For each patch some pod names, the pods naming it; a refused list throws. */
    public static Map<String, PodsNaming> podsNaming(KubernetesClient client) {
        Map<String, List<String>> examples = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        MetadataOnly.pods(client, PAGE_SIZE, pod -> {
            for (String named : namedBy(pod)) {
                counts.merge(named, 1, Integer::sum);
                List<String> kept = examples.computeIfAbsent(named, key -> new ArrayList<>());
                if (kept.size() < NAMES_KEPT) {
                    kept.add(pod.getNamespace() + "/" + pod.getName());
                }
            }
        });
        Map<String, PodsNaming> result = new HashMap<>();
        counts.forEach((patch, count) -> result.put(patch, new PodsNaming(List.copyOf(examples.get(patch)), count)));
        return result;
    }

    private static List<String> namedBy(ObjectMeta pod) {
        return pod.getAnnotations() == null ? List.of() : ContainerPatchNames.parse(pod.getAnnotations().get(ContainerPatchNames.POD_ANNOTATION));
    }
}
