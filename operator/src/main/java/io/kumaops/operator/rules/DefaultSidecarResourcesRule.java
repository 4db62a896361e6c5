package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/** Kuma's default sidecar requests (50m / 64Mi) are sized for demos; busy proxies get starved or evicted first. */
public final class DefaultSidecarResourcesRule extends AbstractRule {

    public static final String CODE = "DefaultSidecarResources";

    private static final ResourceFloor REQUESTS_FLOOR = new ResourceFloor("spec.sidecar.requests",
            ProductionThresholds.SIDECAR_MIN_CPU_REQUEST_MILLIS, ProductionThresholds.SIDECAR_MIN_MEMORY_REQUEST_BYTES,
            ProductionThresholds.KUMA_DEFAULT_SIDECAR_REQUESTS);

    public DefaultSidecarResourcesRule() {
        super(CODE, Severity.Warning);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "Sidecar requests are unset or below 100m CPU / 128Mi memory.",
                "Kuma's default sidecar requests (50m CPU / 64Mi) let the scheduler pack proxies onto busy nodes; under"
                        + " load the proxy is CPU-starved (latency for every request of the pod) and the first to be evicted.",
                "Set spec.sidecar.requests to at least {cpu: 100m, memory: 128Mi}; the operator applies them with a"
                        + " ContainerPatch.",
                RuleDoc.Evidence.Profile,
                "kuma-website production/dp-config/dpp-on-kubernetes.md; Kuma sidecar defaults 50m / 64Mi (2.9–2.13).");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        return REQUESTS_FLOOR.check(this, EffectiveFacts.sidecar(context).requests);
    }
}
