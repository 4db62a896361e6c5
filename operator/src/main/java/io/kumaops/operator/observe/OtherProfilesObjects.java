package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The objects a profile could write that another profile's {@link Labels#PROFILE} label marks as its own, for the
 * planner's one-owner check. The Mesh comes from the pass's read of it; Kuma's other kinds from the pass's listing of
 * the system namespace (read anyway); the few Kubernetes objects by name ({@link GeneratedNames}), only when the
 * profile would write them. An object that cannot be read counts as not held, as before the check existed.
 */
public final class OtherProfilesObjects {

    /** Namespaced Kuma kinds a profile writes in its system namespace. */
    private static final List<String> NAMESPACED_KUMA_KINDS = List.of("MeshTrafficPermission", "MeshTimeout", "MeshRetry",
            "MeshCircuitBreaker", "ContainerPatch");

    private OtherProfilesObjects() {
    }

    /** The live Mesh, by its key, when another profile owns it; else nothing. */
    static Map<String, Map<String, Object>> mesh(String profile, Map<String, Object> mesh) {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        if (mesh != null) {
            keepIfHeld(held, GeneratedNames.profileLabel(profile), "Mesh", mesh);
        }
        return held;
    }

    /**
     * The facts with every object of the profile's names that another profile owns: the Mesh they hold already, and
     * the {@link #collect collected} rest. What the planner's one-owner check reads, for a pass and for lint.
     *
     * @param refused told what could not be read for want of permission
     */
    public static ClusterFacts completing(ClusterFacts facts, String profile, KumaProductionProfileSpec spec, KumaObjects objects,
                                          KubeAccess kube, Consumer<String> refused) {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>(facts.heldByOtherProfiles());
        held.putAll(collect(profile, spec, objects, kube, facts.servedApis(), refused));
        return facts.withHeldByOtherProfiles(held);
    }

    /**
     * The objects of every kind but the Mesh that the profile could write and another profile owns.
     *
     * @param served  the served API versions (empty: assume the newest)
     * @param refused told what could not be read for want of permission (such objects count as not held)
     */
    public static Map<String, Map<String, Object>> collect(String profile, KumaProductionProfileSpec spec, KumaObjects objects,
                                                           KubeAccess kube, Set<String> served, Consumer<String> refused) {
        String profileLabel = GeneratedNames.profileLabel(profile);
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        List<String> kinds = new ArrayList<>(NAMESPACED_KUMA_KINDS);
        boolean global = spec.controlPlane.role == ControlPlaneRole.Global;
        if (global && Boolean.TRUE.equals(spec.multiZone.enabled)) {
            kinds.add("Zone");
        }
        for (String kind : kinds) {
            try {
                for (GenericKubernetesResource object : objects.all(kind)) {
                    keepIfHeld(held, profileLabel, kind, KubeAccess.toMap(object));
                }
            } catch (KubernetesClientException e) {
                // Not readable: the check knows nothing of that kind, as before it existed; the other kinds still count.
                reportRefused(e, refused, "the objects other profiles own (list " + KubeKinds.kuma(kind).getPlural() + ".kuma.io)");
            }
        }
        String namespace = spec.controlPlane.systemNamespace;
        List<ResourceRef> byName = new ArrayList<>();
        if (Boolean.TRUE.equals(spec.controlPlane.manage)) {
            byName.add(new ResourceRef("apps/v1", "Deployment", namespace, spec.controlPlane.deploymentName));
            byName.add(new ResourceRef(pdbVersion(served), "PodDisruptionBudget", namespace,
                    GeneratedNames.disruptionBudget(spec.controlPlane.deploymentName)));
        }
        boolean zoneIngress = !global && (spec.controlPlane.role == ControlPlaneRole.Zone || Boolean.TRUE.equals(spec.multiZone.enabled));
        if (zoneIngress) {
            String ingress = spec.multiZone.zoneIngress != null ? spec.multiZone.zoneIngress.deploymentName
                    : new io.kumaops.operator.api.v1alpha1.ZoneIngressSpec().deploymentName;
            byName.add(new ResourceRef(hpaVersion(served), "HorizontalPodAutoscaler", namespace, ingress));
            byName.add(new ResourceRef(pdbVersion(served), "PodDisruptionBudget", namespace, GeneratedNames.disruptionBudget(ingress)));
        }
        if (global && Boolean.TRUE.equals(spec.multiZone.fenceGlobalControlPlane)) {
            byName.add(new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", namespace, GeneratedNames.GLOBAL_CONTROL_PLANE_FENCE));
        }
        for (ResourceRef ref : byName) {
            try {
                kube.get(ref).ifPresent(object -> keepIfHeld(held, profileLabel, ref.kind(), object));
            } catch (KubernetesClientException e) {
                // As above: unknown, not held.
                reportRefused(e, refused, "the objects other profiles own (get " + ref.kind() + " " + ref.name() + ")");
            }
        }
        return held;
    }

    private static void reportRefused(KubernetesClientException e, Consumer<String> refused, String what) {
        if (e.getCode() == 403) {
            refused.accept(what);
        }
    }

    static String pdbVersion(Set<String> served) {
        return served.isEmpty() || served.contains("policy/v1") ? "policy/v1" : "policy/v1beta1";
    }

    static String hpaVersion(Set<String> served) {
        return served.isEmpty() || served.contains("autoscaling/v2") ? "autoscaling/v2"
                : served.contains("autoscaling/v2beta2") ? "autoscaling/v2beta2" : "autoscaling/v1";
    }

    private static void keepIfHeld(Map<String, Map<String, Object>> held, String profileLabel, String kind, Map<String, Object> object) {
        String owner = Labels.profileOf(object);
        if (owner != null && !owner.equals(profileLabel) && object.get("metadata") instanceof Map<?, ?> metadata) {
            held.put(ResourceRef.objectKey(kind, (String) metadata.get("namespace"), (String) metadata.get("name")), object);
        }
    }
}
