package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.rules.EffectiveFacts.EnvCheck;
import java.util.List;
import java.util.function.Predicate;

/**
 * An env var the control plane needs for some tool (Argo CD, Argo Rollouts). With controlPlane.manage the operator
 * sets it, so nothing is reported; otherwise the observed Deployment must carry it, and without an observation the
 * finding says it cannot be confirmed offline.
 *
 * @param name       the env var
 * @param value      the value to set, as written in the remediation
 * @param satisfied  whether an observed value is good enough
 */
record RequiredControlPlaneEnv(String name, String value, Predicate<String> satisfied) {

    List<Finding> check(Rule rule, RuleContext context, String because) {
        if (EffectiveFacts.manageControlPlane(context)) {
            return List.of();
        }
        String helm = "set Helm controlPlane.envVars." + name + "=" + value + ", or spec.controlPlane.manage: true so the operator sets it";
        EnvCheck check = EffectiveFacts.controlPlaneEnv(context, name, satisfied);
        return switch (check) {
            case SATISFIED -> List.of();
            case MISSING -> List.of(Findings.fromCluster(rule, EffectiveFacts.controlPlaneObjectPath(context, "env " + name),
                    because + " and the control-plane Deployment does not set " + name + "=" + value, helm));
            case UNKNOWN -> List.of(Findings.fromProfile(rule, "spec.controlPlane.manage",
                    because + " and spec.controlPlane.manage is false: whether the control plane sets " + name + "=" + value
                            + " cannot be confirmed " + (EffectiveFacts.observation(context).isPresent()
                                    ? "(the control-plane Deployment was not found)" : "offline"),
                    helm));
        };
    }
}
