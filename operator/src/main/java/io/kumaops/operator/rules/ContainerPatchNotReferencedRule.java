package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import java.util.List;
import java.util.Optional;

/**
 * The sidecar ContainerPatch does nothing until something names it: Kuma's injector applies only the patches listed in
 * KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES or in a pod's kuma.io/container-patches annotation (Kuma
 * pkg/plugins/runtime/k8s/webhooks/injector/injector.go, loadContainerPatches). With controlPlane.manage the operator
 * names it in the control plane's env itself; without, someone else has to.
 */
public final class ContainerPatchNotReferencedRule extends AbstractRule {

    public static final String CODE = "ContainerPatchNotReferenced";
    static final String ENV = io.kumaops.operator.model.ContainerPatchNames.CONTROL_PLANE_ENV;

    public ContainerPatchNotReferencedRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The sidecar ContainerPatch is not named by the control plane, so Kuma never applies it.",
                "Kuma applies only the ContainerPatches named in " + ENV + " or in a pod's kuma.io/container-patches annotation."
                        + " An unnamed patch is silently ignored: the sidecars keep Kuma's default resources while the profile"
                        + " says otherwise. With spec.controlPlane.manage: true the operator adds the name to the control plane's"
                        + " env (keeping the names already there).",
                "Set spec.controlPlane.manage: true, or add the patch name to the control plane's env with Helm:"
                        + " controlPlane.envVars." + ENV + ": <name> (comma-separated with any others), or annotate the pods"
                        + " kuma.io/container-patches: <name>.",
                RuleDoc.Evidence.Cluster,
                "Kuma pkg/plugins/runtime/k8s/webhooks/injector/injector.go; pkg/config/plugins/runtime/k8s/config.go (ContainerPatches).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        var spec = EffectiveFacts.spec(context);
        var sidecar = EffectiveFacts.sidecar(context);
        if ((sidecar.requests == null && sidecar.limits == null) || EffectiveFacts.manageControlPlane(context)) {
            return List.of();
        }
        String name = sidecar.containerPatchName;
        Optional<ClusterObservation.ControlPlaneDeployment> live = EffectiveFacts.observedControlPlane(context);
        if (live.isPresent()) {
            if (live.get().defaultContainerPatches().contains(name)) {
                return List.of();
            }
            return List.of(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "env " + ENV),
                    "the control plane's " + ENV + " does not name ContainerPatch " + name + " (it names "
                            + (live.get().defaultContainerPatches().isEmpty() ? "none" : String.join(", ", live.get().defaultContainerPatches()))
                            + "), so the sidecar resources of spec.sidecar are never applied",
                    "set spec.controlPlane.manage: true, or Helm controlPlane.envVars." + ENV + ": " + name));
        }
        // Offline nothing says whether Helm names the patch (controlPlane.envVars): only the live control plane can tell.
        return List.of();
    }
}
