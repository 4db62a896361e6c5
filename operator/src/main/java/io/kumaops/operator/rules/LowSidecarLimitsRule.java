package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Tight sidecar limits throttle or OOM-kill the proxy at traffic peaks, taking the pod's traffic with it. */
public final class LowSidecarLimitsRule extends AbstractRule {

    public static final String CODE = "LowSidecarLimits";

    private static final ResourceFloor LIMITS_FLOOR = new ResourceFloor("spec.sidecar.limits",
            ProductionThresholds.SIDECAR_MIN_CPU_LIMIT_MILLIS, ProductionThresholds.SIDECAR_MIN_MEMORY_LIMIT_BYTES,
            ProductionThresholds.KUMA_DEFAULT_SIDECAR_LIMITS);

    private static final ResourceFloor LIMITS_MEMORY_ONLY = new ResourceFloor("spec.sidecar.limits",
            0, ProductionThresholds.SIDECAR_MIN_MEMORY_LIMIT_BYTES, "no CPU limit, 512Mi memory");

    public LowSidecarLimitsRule() {
        super(CODE, Severity.Info);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Sidecar limits are unset or below 1 CPU / 1Gi memory.",
                "The proxy handles every byte of the pod's traffic. A low CPU limit throttles it at peaks; a low memory"
                        + " limit gets it OOM-killed with large configs (many services, many endpoints).",
                "Set spec.sidecar.limits to at least {cpu: \"1\", memory: 1Gi}.",
                RuleDoc.Evidence.Profile,
                "kuma-website production/dp-config/dpp-on-kubernetes.md; Kuma sidecar default limits 1000m / 512Mi (2.9–2.13).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        // Kuma 2.14 sets no sidecar CPU limit by default ("0": a CPU limit throttles the proxy), only a memory limit;
        // Kuma's chart 2.14.3 values.yaml: dataPlane.sidecarContainer.resources.limits {cpu: "0", memory: 512Mi}.
        if (EffectiveFacts.kumaVersionAtLeast(context, 14)) {
            return LIMITS_MEMORY_ONLY.checkMemory(this, EffectiveFacts.sidecar(context).limits);
        }
        return LIMITS_FLOOR.check(this, EffectiveFacts.sidecar(context).limits);
    }
}
