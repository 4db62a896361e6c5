package io.kumaops.operator.kube;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kumaops.operator.model.KumaKinds;
import io.kumaops.operator.model.ResourceRef;
import java.util.Map;

/**
 * The kinds the operator writes or reads, with their plural and scope, so that no request depends on API
 * discovery (which fails while Kuma is not installed).
 */
public final class KubeKinds {

    public static final String KUMA_GROUP = KumaKinds.KUMA_GROUP;
    public static final String KUMA_VERSION = KumaKinds.KUMA_VERSION;

    private record Kind(String plural, boolean namespaced) {
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("Mesh", new Kind("meshes", false)),
            Map.entry("Zone", new Kind("zones", false)),
            Map.entry("MeshTrafficPermission", new Kind("meshtrafficpermissions", true)),
            Map.entry("MeshTimeout", new Kind("meshtimeouts", true)),
            Map.entry("MeshRetry", new Kind("meshretries", true)),
            Map.entry("MeshCircuitBreaker", new Kind("meshcircuitbreakers", true)),
            Map.entry("ContainerPatch", new Kind("containerpatches", true)),
            Map.entry("Dataplane", new Kind("dataplanes", true)),
            Map.entry("MeshInsight", new Kind("meshinsights", false)),
            Map.entry("DataplaneInsight", new Kind("dataplaneinsights", true)),
            Map.entry("ZoneInsight", new Kind("zoneinsights", false)),
            Map.entry("Deployment", new Kind("deployments", true)),
            Map.entry("PodDisruptionBudget", new Kind("poddisruptionbudgets", true)),
            Map.entry("HorizontalPodAutoscaler", new Kind("horizontalpodautoscalers", true)),
            Map.entry("NetworkPolicy", new Kind("networkpolicies", true)),
            Map.entry("ValidatingAdmissionPolicy", new Kind("validatingadmissionpolicies", false)),
            Map.entry("ValidatingAdmissionPolicyBinding", new Kind("validatingadmissionpolicybindings", false)));

    private KubeKinds() {
    }

    public static ResourceDefinitionContext context(String apiVersion, String kindName) {
        Kind kind = KINDS.get(kindName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown kind " + kindName);
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kindName)
                .withPlural(kind.plural())
                .withNamespaced(kind.namespaced())
                .build();
    }

    public static ResourceDefinitionContext context(ResourceRef ref) {
        return context(ref.apiVersion(), ref.kind());
    }

    public static ResourceDefinitionContext kuma(String kind) {
        return context(KUMA_GROUP + "/" + KUMA_VERSION, kind);
    }
}
