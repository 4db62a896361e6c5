package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.model.ResourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each profile's latest plan wants its owned Kuma objects to hold. The watches on owned objects exist to catch
 * drift; a change that leaves an object exactly as the plan wants it (above all the echo of the operator's own
 * apply) is no drift, and waking the profile for it would only repeat a pass that has nothing to do. Recorded
 * before the pass writes, so the echo is recognised whichever arrives first, the apply's response or the watch
 * event. Deletions are never filtered; an echo that arrives after its pass ended wakes the profile, which costs
 * one pass that finds nothing to do.
 */
final class OwnedObjectExpectations {

    /** profile → what its latest plan wants */
    private final Map<String, Wanted> byProfile = new ConcurrentHashMap<>();

    /**
     * @param last       object key → the body of the last step that writes it (the Mesh: step 3's, with mTLS)
     * @param inPass     object key → every body the running pass may write (the Mesh: steps 1 and 3); empty
     *                   between passes, so a later change back to an intermediate state counts as drift
     */
    private record Wanted(Map<String, DesiredResource> last, Map<String, List<DesiredResource>> inPass) {
    }

    /** A pass is about to apply this plan: its intermediate bodies are echoes until {@link #passEnded}. */
    void passStarting(String profile, Plan plan) {
        Map<String, DesiredResource> last = new HashMap<>();
        Map<String, List<DesiredResource>> inPass = new HashMap<>();
        for (DesiredResource resource : plan.resources()) {
            String key = resource.ref().objectKey();
            last.put(key, resource);
            inPass.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
        }
        byProfile.put(profile, new Wanted(Map.copyOf(last), Map.copyOf(inPass)));
    }

    void passEnded(String profile) {
        byProfile.computeIfPresent(profile, (name, wanted) -> new Wanted(wanted.last(), Map.of()));
    }

    void forget(String profile) {
        byProfile.remove(profile);
    }

    /** True when the object is owned by a profile whose latest plan wants it exactly as it is. */
    boolean inPlace(GenericKubernetesResource object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        String profile = labels == null ? null : labels.get(Labels.PROFILE);
        Wanted wanted = profile == null ? null : byProfile.get(profile);
        if (wanted == null) {
            return false;
        }
        String key = ResourceRef.objectKey(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
        DesiredResource last = wanted.last().get(key);
        if (last == null) {
            return false;
        }
        Map<String, Object> observed = KubeAccess.toMap(object);
        return RolloutExecutor.inPlace(last, observed)
                || wanted.inPass().getOrDefault(key, List.of()).stream().anyMatch(body -> RolloutExecutor.inPlace(body, observed));
    }
}
