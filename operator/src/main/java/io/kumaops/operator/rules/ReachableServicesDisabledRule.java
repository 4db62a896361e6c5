package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.ReachableServicesMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.EffectiveFacts.Known;
import java.util.List;
import java.util.Optional;

/** Without reachable services every proxy receives config for every service: memory and CPU grow with the mesh squared. */
public final class ReachableServicesDisabledRule implements Rule {

    public static final String CODE = "ReachableServicesDisabled";

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public Severity severity() {
        return Severity.Warning;
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

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (EffectiveFacts.controlPlane(context).reachableServices != ReachableServicesMode.Disabled) {
            return List.of();
        }
        Optional<Known<Integer>> dataplanes = EffectiveFacts.dataplanes(context);
        if (dataplanes.isEmpty() || dataplanes.get().value() < ProductionThresholds.REACHABLE_SERVICES_DATAPLANES) {
            return List.of();
        }
        String count = dataplanes.get().fromCluster()
                ? dataplanes.get().value() + " data planes are observed in the mesh"
                : "spec.controlPlane.expectedDataplanes is " + dataplanes.get().value();
        return List.of(Findings.of(this, dataplanes.get().source(), "spec.controlPlane.reachableServices",
                "spec.controlPlane.reachableServices is Disabled and " + count + " (at least "
                        + ProductionThresholds.REACHABLE_SERVICES_DATAPLANES + "): every proxy receives config for every service",
                "set spec.controlPlane.reachableServices: Auto"));
    }
}
