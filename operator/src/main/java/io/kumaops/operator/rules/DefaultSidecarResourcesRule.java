package io.kumaops.operator.rules;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.SidecarSpec;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kuma's default sidecar requests (50m / 64Mi) are sized for demos; busy proxies get starved or evicted first. Judged on
 * what the injector will apply: the requests of the control plane's env (Kuma's defaults where it sets none), replaced by
 * the profile's ContainerPatch when the control plane names it (or will, with controlPlane.manage). Offline the
 * profile's patch is taken to apply, as nothing tells otherwise.
 */
public final class DefaultSidecarResourcesRule extends AbstractRule {

    public static final String CODE = "DefaultSidecarResources";
    /**
     * The injector's sidecar requests (Kuma pkg/config/plugins/runtime/k8s/config.go SidecarResourceRequests); Kuma's
     * chart always sets them, from dataPlane.sidecarContainer.resources in 2.14 (deployments/charts/kuma/templates/_helpers.tpl).
     */
    static final String ENV_REQUESTS_CPU = "KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_CPU";
    static final String ENV_REQUESTS_MEMORY = "KUMA_INJECTOR_SIDECAR_CONTAINER_RESOURCES_REQUESTS_MEMORY";
    /** The injector's defaults when its env sets none: the same 50m / 64Mi from v2.9 through v2.14.3 (config.go DefaultConfig). */
    static final String KUMA_DEFAULT_CPU = "50m";
    static final String KUMA_DEFAULT_MEMORY = "64Mi";

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
                        + " load the proxy is CPU-starved (latency for every request of the pod) and the first to be evicted."
                        + " With a live control plane the requests judged are the ones its injector applies: those of its env ("
                        + ENV_REQUESTS_CPU + ", " + ENV_REQUESTS_MEMORY + ", Kuma's defaults where unset), or the profile's"
                        + " ContainerPatch when the control plane names it or the operator manages it.",
                "Set spec.sidecar.requests to at least {cpu: 100m, memory: 128Mi}; the operator applies them with a"
                        + " ContainerPatch, which the control plane must name (spec.controlPlane.manage: true does that).",
                RuleDoc.Evidence.Both,
                "kuma-website production/dp-config/dpp-on-kubernetes.md; Kuma pkg/config/plugins/runtime/k8s/config.go (sidecar"
                        + " requests 50m / 64Mi, v2.9 … v2.14); pkg/plugins/runtime/k8s/webhooks/injector/injector.go.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        SidecarSpec sidecar = EffectiveFacts.sidecar(context);
        Optional<ControlPlaneDeployment> live = EffectiveFacts.observedControlPlane(context);
        boolean profileSetsRequests = sidecar.requests != null && (sidecar.requests.cpu != null || sidecar.requests.memory != null);
        if (live.isEmpty()) {
            return REQUESTS_FLOOR.check(this, sidecar.requests);
        }
        boolean patchApplies = EffectiveFacts.manageControlPlane(context)
                || live.get().defaultContainerPatches().contains(sidecar.containerPatchName);
        if (profileSetsRequests && patchApplies) {
            return REQUESTS_FLOOR.check(this, sidecar.requests);
        }
        String why = profileSetsRequests ? "; spec.sidecar.requests is not applied: the control plane does not name ContainerPatch "
                + sidecar.containerPatchName : "";
        List<Finding> findings = new ArrayList<>();
        checkInjector(context, live.get(), ENV_REQUESTS_CPU, KUMA_DEFAULT_CPU, true, why, findings);
        checkInjector(context, live.get(), ENV_REQUESTS_MEMORY, KUMA_DEFAULT_MEMORY, false, why, findings);
        return findings;
    }

    /** One request as the injector applies it, from its env or Kuma's default, against the floor. */
    private void checkInjector(RuleContext context, ControlPlaneDeployment live, String env, String kumaDefault, boolean cpu,
                               String why, List<Finding> findings) {
        String set = live.envValue(env);
        String value = set == null || set.isBlank() ? kumaDefault : set.trim();
        Long amount = cpu ? Quantities.millis(new Quantity(value)) : Quantities.bytes(new Quantity(value));
        long floor = cpu ? ProductionThresholds.SIDECAR_MIN_CPU_REQUEST_MILLIS : ProductionThresholds.SIDECAR_MIN_MEMORY_REQUEST_BYTES;
        if (amount == null || amount >= floor) {
            return; // an env value Kuma would not parse either is not this rule's to judge
        }
        String field = cpu ? "cpu" : "memory";
        String floorText = cpu ? Quantities.formatMillis(floor) : Quantities.formatBytes(floor);
        String source = set == null || set.isBlank() ? "Kuma's default, as the control plane sets no " + env : "the control plane's " + env;
        findings.add(Findings.fromCluster(this, EffectiveFacts.controlPlaneObjectPath(context, "env " + env),
                "the injector gives sidecars a " + field + " request of " + value + " (" + source + "), below " + floorText + why,
                "set spec.sidecar.requests." + field + ": " + floorText + " or higher with spec.controlPlane.manage: true (the"
                        + " operator then names its ContainerPatch), or set the control plane's " + env + " (Helm"
                        + " dataPlane.sidecarContainer.resources.requests." + field + " from Kuma 2.14, controlPlane.envVars before)"));
    }
}
