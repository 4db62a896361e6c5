package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Known;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Argo Rollouts writes rollouts-pod-template-hash into Service selectors; Kuma builds a data plane's inbounds from the
 * Services that select its pod, so unless the injector ignores that label, pods lose inbounds mid-rollout.
 */
public final class ArgoRolloutsSelectorLabelsRule extends AbstractRule {

    public static final String CODE = "ArgoRolloutsSelectorLabels";

    private static final RequiredControlPlaneEnv IGNORE_HASH_LABEL = new RequiredControlPlaneEnv(
            EffectiveFacts.ENV_IGNORED_SERVICE_SELECTOR_LABELS, EffectiveFacts.ARGO_ROLLOUTS_HASH_LABEL,
            value -> Arrays.stream(value.split(",")).map(String::trim).anyMatch(EffectiveFacts.ARGO_ROLLOUTS_HASH_LABEL::equals));

    public ArgoRolloutsSelectorLabelsRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Argo Rollouts is in use and Kuma's injector does not ignore rollouts-pod-template-hash.",
                "Argo Rollouts writes rollouts-pod-template-hash into the selectors of the Services it manages. Kuma"
                        + " builds a data plane's inbounds from the Services whose selectors match the pod, so when the"
                        + " hash changes, pods of the other ReplicaSet lose that inbound and traffic to them fails mid-rollout.",
                "Set KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS=rollouts-pod-template-hash (Helm"
                        + " controlPlane.envVars), or spec.controlPlane.manage: true so the operator sets it.",
                RuleDoc.Evidence.Both,
                "Kuma control-plane setting KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS, set through Helm controlPlane.envVars.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<Known<Boolean>> rollouts = EffectiveFacts.argoRollouts(context);
        if (!EffectiveFacts.isTrue(rollouts)) {
            return List.of();
        }
        String because = rollouts.get().fromCluster() ? "Argo Rollouts is installed in the cluster" : "spec.gitOps.argoRollouts is true";
        return IGNORE_HASH_LABEL.check(this, context, because);
    }
}
