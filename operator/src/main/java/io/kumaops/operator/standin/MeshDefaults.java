package io.kumaops.operator.standin;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.model.KumaDefaultPolicies;
import io.kumaops.operator.model.KumaKinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four policies Kuma creates for a new Mesh ({@link KumaDefaultPolicies}), as the Kubernetes store writes them:
 * named {@code <prefix>-<mesh>} in the system namespace, with the labels Kuma computes
 * ({@code pkg/core/resources/labels/compute.go}) and the Mesh as owner ({@code pkg/core/resources/manager/manager.go}).
 */
final class MeshDefaults {

    /** One default policy: its kind (what {@code skipCreatingInitialPolicies} names), its plural and its name prefix. */
    record Policy(String kind, String plural, String prefix, Map<String, Object> spec) {

        String name(String mesh) {
            return prefix + "-" + mesh;
        }
    }

    static final String DEFAULTS_GENERATED = "k8s.kuma.io/mesh-defaults-generated";

    private MeshDefaults() {
    }

    static List<Policy> policies() {
        return KumaDefaultPolicies.all().stream()
                .map(p -> new Policy(p.kind(), KumaKinds.plural(p.kind()), p.prefix(), p.spec()))
                .toList();
    }

    /** The policies a Mesh gets, given its {@code spec.skipCreatingInitialPolicies}: none for {@code "*"}. */
    static List<Policy> forMesh(List<String> skipped) {
        if (skipped.contains("*")) {
            return List.of();
        }
        return policies().stream().filter(p -> !skipped.contains(p.kind())).toList();
    }

    /**
     * Kuma's computed labels for a default policy: the mesh; on a control plane in zone mode (standalone or zone) the
     * origin, zone and environment; the namespace and the policy role, since it is written in the system namespace.
     */
    static Map<String, String> labels(String mesh, ControlPlaneRole role, String zoneName, String systemNamespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kuma.io/mesh", mesh);
        if (role != ControlPlaneRole.Global) {
            labels.put("kuma.io/origin", "zone");
            labels.put("kuma.io/zone", zoneName);
            labels.put("kuma.io/env", "kubernetes");
        }
        labels.put("k8s.kuma.io/namespace", systemNamespace);
        labels.put("kuma.io/policy-role", "system");
        return labels;
    }
}
