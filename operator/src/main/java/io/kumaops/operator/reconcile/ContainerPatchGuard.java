package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ContainerPatchNames;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.observe.ContainerPatchReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ContainerPatch that Kuma's injector is still told to apply is never deleted: the injector refuses every pod that
 * names a missing patch (Kuma pkg/plugins/runtime/k8s/webhooks/injector/injector.go {@code loadContainerPatches}).
 * Asked by the pruner and the cleanup before they delete a patch; the pods are listed at most once per guard, and
 * only when a patch would be deleted. When the pods cannot be read the patch stays too: not knowing is no reason to
 * break injection.
 */
final class ContainerPatchGuard {

    private final KubernetesClient client;
    private final ClusterObservation.ControlPlaneDeployment controlPlane;
    private Map<String, ContainerPatchReferences.PodsNaming> pods;
    private String podsUnreadable;

    /** @param controlPlane the control-plane Deployment as the pass observed it, or null */
    ContainerPatchGuard(KubernetesClient client, ClusterObservation.ControlPlaneDeployment controlPlane) {
        this.client = client;
        this.controlPlane = controlPlane;
    }

    /** In words why the object must stay, or empty when it is not a ContainerPatch anything names. */
    Optional<String> whyKept(ResourceRef ref) {
        if (!ref.kind().equals("ContainerPatch")) {
            return Optional.empty();
        }
        List<String> reasons = new ArrayList<>();
        if (controlPlane != null && controlPlane.defaultContainerPatches().contains(ref.name())) {
            reasons.add("the control plane " + controlPlane.namespace() + "/" + controlPlane.name() + " names it in "
                    + ContainerPatchNames.CONTROL_PLANE_ENV);
        }
        readPods();
        if (podsUnreadable != null) {
            reasons.add("the pods' " + ContainerPatchNames.POD_ANNOTATION + " annotations cannot be read (" + podsUnreadable + ")");
        } else if (pods.containsKey(ref.name())) {
            reasons.add(pods.get(ref.name()).describe());
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ref + " is kept: " + String.join("; ", reasons) + ". Kuma's injector refuses a pod that names a"
                + " missing ContainerPatch");
    }

    private void readPods() {
        if (pods != null || podsUnreadable != null) {
            return;
        }
        try {
            pods = ContainerPatchReferences.podsNaming(client);
        } catch (KubernetesClientException e) {
            podsUnreadable = e.getCode() == 403 ? "list pods is not granted" : e.getMessage();
        }
    }
}
