package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.ReachableServicesMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.List;
import java.util.Optional;

/** Without reachable services every proxy receives config for every service: memory and CPU grow with the mesh squared. */
public final class ReachableServicesDisabledRule extends AbstractRule {

    public static final String CODE = "ReachableServicesDisabled";

    public ReachableServicesDisabledRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Reachable services are disabled on a mesh of 1000 or more data planes.",
                "Without reachable services each proxy gets clusters and endpoints for every service of the mesh, so"
                        + " proxy memory, control-plane CPU and config push time grow with the whole mesh instead of what a"
                        + " workload calls.",
                "Set spec.controlPlane.reachableServices: Auto (enabled from 1000 data planes) or Enabled, and annotate"
                        + " workloads with kuma.io/reachable-backends or kuma.io/transparent-proxying-reachable-services.",
                RuleDoc.Evidence.Both,
                "Production guide: 1000+ data planes (threshold UNCONFIRMED in Kuma's source); KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES.");
    }

    /** The control-plane setting that turns reachable services on for every proxy. */
    static final String ENV_AUTO_REACHABLE_SERVICES = "KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES";

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Integer>> dataplanes = EffectiveFacts.dataplanes(context);
        if (dataplanes.isEmpty() || dataplanes.get().value() < ProductionThresholds.REACHABLE_SERVICES_DATAPLANES) {
            return List.of();
        }
        if (EffectiveFacts.controlPlane(context).reachableServices != ReachableServicesMode.Disabled) {
            return liveControlPlaneWithout(context, dataplanes.get());
        }
        String count = dataplanes.get().fromCluster()
                ? dataplanes.get().value() + " data planes are observed in the mesh"
                : "spec.controlPlane.expectedDataplanes is " + dataplanes.get().value();
        return List.of(Findings.of(this, dataplanes.get().source(), "spec.controlPlane.reachableServices",
                "spec.controlPlane.reachableServices is Disabled and " + count + " (at least "
                        + ProductionThresholds.REACHABLE_SERVICES_DATAPLANES + "): every proxy receives config for every service",
                "set spec.controlPlane.reachableServices: Auto"));
    }

    /**
     * The profile asks for reachable services, but without controlPlane.manage nothing applies that to the control
     * plane: judge the live Deployment's env instead, as installed (Helm controlPlane.envVars).
     */
    private List<Finding> liveControlPlaneWithout(RuleContext context, Known<Integer> dataplanes) {
        if (EffectiveFacts.manageControlPlane(context) || EffectiveFacts.controlPlaneEnv(context, ENV_AUTO_REACHABLE_SERVICES,
                "true"::equalsIgnoreCase) != EffectiveFacts.EnvCheck.MISSING) {
            return List.of();
        }
        String count = dataplanes.fromCluster() ? dataplanes.value() + " data planes are observed in the mesh"
                : "spec.controlPlane.expectedDataplanes is " + dataplanes.value();
        return List.of(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "env " + ENV_AUTO_REACHABLE_SERVICES),
                "the control plane does not set " + ENV_AUTO_REACHABLE_SERVICES + "=true and " + count + " (at least "
                        + ProductionThresholds.REACHABLE_SERVICES_DATAPLANES + "); spec.controlPlane.manage is false, so the profile's"
                        + " reachableServices is not applied: unless workloads list kuma.io/reachable-backends, every proxy receives config for every service",
                "set Helm controlPlane.envVars." + ENV_AUTO_REACHABLE_SERVICES + "=true, or spec.controlPlane.manage: true so the operator sets it"));
    }
}
