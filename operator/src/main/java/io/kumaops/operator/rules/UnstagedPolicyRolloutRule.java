package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Mesh-wide defaults touch every proxy at once; a bad timeout or retry budget then hits the whole mesh. */
public final class UnstagedPolicyRolloutRule extends AbstractRule {

    public static final String CODE = "UnstagedPolicyRollout";

    public UnstagedPolicyRolloutRule() {
        super(CODE, Severity.Info);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Mesh-wide default policies are rolled out to every data plane at once.",
                "System default policies (MeshTimeout, MeshRetry, MeshCircuitBreaker) target the whole mesh. Applied"
                        + " immediately, a wrong value (a short timeout, a retry storm) reaches every proxy before anyone"
                        + " notices.",
                "Set spec.rollout.strategy: Canary with spec.rollout.canary.dataplaneTags and a bakeTime, so changes reach"
                        + " the canary data planes first.",
                RuleDoc.Evidence.Profile,
                "Production guide: stage policy changes.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        if (EffectiveFacts.rollout(context).strategy == RolloutStrategy.Canary) {
            return List.of();
        }
        List<String> kinds = EffectiveFacts.policies(context).definedKinds();
        if (kinds.isEmpty()) {
            return List.of();
        }
        return List.of(Findings.fromProfile(this, "spec.rollout.strategy",
                "spec.rollout.strategy is Immediate and spec.policies defines " + String.join(", ", kinds)
                        + ": a change reaches every data plane at once",
                "set spec.rollout.strategy: Canary with spec.rollout.canary.dataplaneTags (e.g. {version: canary})"));
    }
}
