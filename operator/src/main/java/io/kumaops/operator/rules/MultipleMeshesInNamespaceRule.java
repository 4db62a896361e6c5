package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import io.kumaops.operator.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A namespace shared by this mesh and another one. Kuma 2.13+ does not support it; with
 * KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE its pod validator refuses the pods that would mix.
 */
public final class MultipleMeshesInNamespaceRule extends AbstractRule {

    public static final String CODE = "MultipleMeshesInNamespace";

    static final String ENV_DISALLOW = "KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE";

    /** The spellings Go's strconv.ParseBool reads as true, which Kuma's envconfig uses for a bool setting. */
    private static final Set<String> GO_TRUE = Set.of("1", "t", "T", "TRUE", "true", "True");

    public MultipleMeshesInNamespaceRule() {
        super(CODE, Severity.Warning, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A namespace holds data planes of this mesh and of another mesh (Kuma 2.13+).",
                "Kuma puts a pod in the mesh of its kuma.io/mesh label, else its namespace's label (else the deprecated"
                        + " annotation), else mesh default; a namespace is shared when it holds Dataplanes of two meshes, or its"
                        + " own kuma.io/mesh names another mesh than the Dataplanes of this one in it. From 2.13 Kuma does not"
                        + " support that: for a workload (by default a ServiceAccount) whose Dataplanes are in more than one mesh it"
                        + " generates no Workload and reports a MultipleMeshesDetected event. **Error** when the control plane sets "
                        + ENV_DISALLOW + "=true: Kuma's pod validator then refuses every new pod whose mesh differs from a Dataplane"
                        + " already in the namespace, so restarts, rollouts and scale-ups there fail.",
                "Give each mesh namespaces of its own: move the other mesh's workloads out (or this mesh's), and set each"
                        + " namespace's kuma.io/mesh label to the mesh it is for, so new pods without a label of their own land in it.",
                RuleDoc.Evidence.Cluster,
                "Kuma pkg/plugins/runtime/k8s/util/util.go (MeshOfByLabelOrAnnotation);"
                        + " pkg/plugins/runtime/k8s/controllers/workload_controller.go (MultipleMeshesDetected);"
                        + " pkg/plugins/runtime/k8s/webhooks/pod_validator.go and pkg/config/plugins/runtime/k8s/config.go"
                        + " (DisallowMultipleMeshesPerNamespace, " + ENV_DISALLOW + ", from 2.13).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Map<String, ObservedNamespace>> observed = MeshNamespaces.observed(context);
        if (observed.isEmpty() || !EffectiveFacts.kumaVersionAtLeast(context, ProductionThresholds.SINGLE_MESH_NAMESPACE_MINOR)) {
            return List.of();
        }
        String mesh = context.resolved().mesh();
        List<String> names = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (ObservedNamespace namespace : observed.get().values()) {
            if (namespace.dataplanes() == 0) {
                continue;
            }
            if (namespace.otherMesh() != null) {
                names.add(namespace.name());
                shared.add(namespace.name() + " (Dataplanes of mesh " + namespace.otherMesh() + ")");
            } else if (namespace.mesh() != null && !namespace.mesh().equals(mesh)) {
                names.add(namespace.name());
                shared.add(namespace.name() + " (labelled " + Labels.KUMA_MESH + ": " + namespace.mesh() + ")");
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        String message = "mesh " + mesh + " shares " + (names.size() == 1 ? "namespace " : "namespaces ") + MeshNamespaces.listed(shared)
                + " with another mesh; " + MeshNamespaces.judgingKuma(context) + ", which does not support several meshes in one namespace";
        String fix = "move the other mesh's workloads out of " + MeshNamespaces.listed(names) + " (or this mesh's), and set each"
                + " namespace's " + Labels.KUMA_MESH + " label to the mesh it is for";
        String path = MeshNamespaces.path(names, null);
        if (EffectiveFacts.controlPlaneEnv(context, ENV_DISALLOW, GO_TRUE::contains) == EffectiveFacts.EnvCheck.SATISFIED) {
            return List.of(Findings.escalatedFromCluster(this, path,
                    message + ", and the control plane sets " + ENV_DISALLOW + "=true: Kuma refuses every new pod there whose mesh"
                            + " differs from a Dataplane already in the namespace, so restarts and scale-ups there fail",
                    fix + ", before the next rollout in those namespaces"));
        }
        return List.of(Findings.fromCluster(this, path, message, fix));
    }
}
