package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.StoreType;
import io.kumaops.operator.rules.EffectiveFacts.EnvCheck;
import java.util.List;

/** The memory store loses every mesh, policy and CA on restart and allows a single instance only. */
public final class InMemoryStoreRule extends AbstractRule {

    public static final String CODE = "InMemoryStore";

    public InMemoryStoreRule() {
        super(CODE, Severity.Error);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "The control plane keeps its state in memory.",
                "With the memory store a control-plane restart loses every Mesh, policy and CA, and only one instance"
                        + " can run. That is a development setting, whatever the role or environment.",
                "Set spec.controlPlane.store.type: Kubernetes on Kubernetes, or Postgres (with spec.controlPlane.store.postgres)"
                        + " on Universal; make the control plane's KUMA_STORE_TYPE match.",
                RuleDoc.Evidence.Both,
                "Kuma control-plane setting KUMA_STORE_TYPE=memory|kubernetes|postgres; the binary defaults to memory, the Helm chart sets kubernetes.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        String fix = EffectiveFacts.controlPlane(context).environment == ControlPlaneEnvironment.Universal
                ? "set spec.controlPlane.store.type: Postgres with spec.controlPlane.store.postgres (host, credentialsSecretRef)"
                : "set spec.controlPlane.store.type: Kubernetes";
        if (EffectiveFacts.store(context).type == StoreType.Memory) {
            return List.of(Findings.fromProfile(this, "spec.controlPlane.store.type",
                    "spec.controlPlane.store.type is Memory: a control-plane restart loses all state, and only one instance can run",
                    fix));
        }
        if (EffectiveFacts.controlPlaneEnv(context, EffectiveFacts.ENV_STORE_TYPE, "memory"::equalsIgnoreCase) == EnvCheck.SATISFIED) {
            return List.of(Findings.fromCluster(this,
                    EffectiveFacts.controlPlaneObjectPath(context, "env " + EffectiveFacts.ENV_STORE_TYPE),
                    "the control plane runs with " + EffectiveFacts.ENV_STORE_TYPE + "=memory although the profile says "
                            + EffectiveFacts.store(context).type,
                    fix + " and set Helm controlPlane.environment / store so " + EffectiveFacts.ENV_STORE_TYPE + " matches"));
        }
        return List.of();
    }
}
