package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Known;
import io.kumaops.operator.model.KumaVersion;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** One planning pass: the profile, what is known of the cluster, the findings raised so far and the shared naming. */
final class PlanContext {
    final KumaProductionProfile profile;
    final KumaProductionProfileSpec spec;
    /** The profile with the pass's facts, each decided once (shared with the rules and the status). */
    final ResolvedProfile resolved;
    final ClusterFacts state;
    final String mesh;
    final String systemNamespace;
    /** The Kuma minor that judges the output: the running control plane's when observed and supported, else the profile's. */
    final KumaVersion version;
    /** The distribution: the profile's when set, else the running control plane's image, else open-source Kuma. */
    final io.kumaops.operator.api.v1alpha1.Distribution distribution;
    /** What the running control plane's image says, or null when not observed (offline) or not a Kuma image. */
    final io.kumaops.operator.model.KumaImage running;
    final List<Finding> findings = new ArrayList<>();
    final RolloutSignals signals;
    /** What the previous status recorded, carried over unless a step decides anew. */
    MtlsRotationStatus rotation;
    PolicyCanaryStatus canary;
    /** Step 4 as the gate on the canary's evidence holds it (the canary keeps baking), with its status; null when not held. */
    PlannedStep canaryHeld;
    PolicyCanaryStatus canaryHeldStatus;
    /** The gate the first waiting step is held at and since when; null when no step waits for Kuma. */
    io.kumaops.operator.api.v1alpha1.GateWaitStatus gateWait;
    /** Step id → when this or an earlier pass first saw Kuma count what that step's gate waits for. */
    final Map<String, Instant> countedSince = new java.util.HashMap<>();
    /** The gate a person let a step pass this pass (annotation kumaops.io/pass-gate), or null. */
    io.kumaops.operator.api.v1alpha1.GatePassStatus gatePassed;
    /** Step 4-defaults as planned, for the gates of the steps after it. */
    PlannedStep plannedDefaults;
    Instant reviewAt;

    PlanContext(ResolvedProfile resolved, RolloutSignals signals) {
        this.resolved = resolved;
        this.profile = resolved.profile();
        this.spec = profile.getSpec();
        this.state = resolved.facts();
        this.signals = signals;
        this.mesh = resolved.mesh();
        this.systemNamespace = resolved.systemNamespace();
        this.running = resolved.running().orElse(null);
        this.version = resolved.kumaVersion();
        this.distribution = resolved.distribution();
        KumaProductionProfileStatus previous = profile.getStatus();
        this.rotation = previous == null ? null : previous.mtlsRotation;
    }

    void reviewAt(Instant when) {
        if (when != null && (reviewAt == null || when.isBefore(reviewAt))) {
            reviewAt = when;
        }
    }

    /** Why promoting a canary is unsafe right now: open Error findings, or a Degraded condition; null when healthy. */
    String unhealthy() {
        List<String> errors = new ArrayList<>(signals.errorFindings());
        findings.stream().filter(f -> f.severity == Severity.Error && !f.isSuppressed()).map(f -> f.code)
                .filter(code -> !errors.contains(code)).forEach(errors::add);
        List<String> reasons = new ArrayList<>();
        if (!errors.isEmpty()) {
            reasons.add("Error findings " + String.join(", ", errors));
        }
        KumaProductionProfileStatus previous = profile.getStatus();
        if (previous != null && previous.conditions != null) {
            previous.conditions.stream()
                    .filter(condition -> "Degraded".equals(condition.getType()) && "True".equals(condition.getStatus()))
                    .findFirst().ifPresent(condition -> reasons.add("Degraded (" + condition.getReason() + ")"));
        }
        return reasons.isEmpty() ? null : String.join(" and ", reasons);
    }

    Map<String, Object> metadata(Step step, String name, String namespace, Map<String, String> extraLabels) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put(Labels.PROFILE, io.kumaops.operator.model.GeneratedNames.profileLabel(profile.getMetadata().getName()));
        metadata.put("labels", labels);
        metadata.put("annotations", new LinkedHashMap<>(map(Labels.STEP, step.id())));
        return metadata;
    }

    /** Labels every namespaced Kuma policy needs: its mesh, and on a federated zone the zone origin. */
    Map<String, String> policyLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.KUMA_MESH, mesh);
        if (spec.controlPlane.role == ControlPlaneRole.Zone) {
            labels.put(Labels.KUMA_ORIGIN, "zone");
        }
        return labels;
    }

    DesiredResource resource(Step step, String apiVersion, String kind, String name, String namespace,
                             Map<String, String> labels, Map<String, Object> spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", apiVersion);
        body.put("kind", kind);
        body.put("metadata", metadata(step, name, namespace, labels));
        body.put("spec", spec);
        return new DesiredResource(step, new ResourceRef(apiVersion, kind, namespace, name), body);
    }

    DesiredResource kumaPolicy(Step step, String kind, String name, Map<String, Object> spec) {
        return resource(step, KUMA_API, kind, name, systemNamespace, policyLabels(), spec);
    }

    DesiredResource kumaPolicy(Step step, String kind, String name, Map<String, Object> spec, Map<String, String> annotations) {
        DesiredResource resource = kumaPolicy(step, kind, name, spec);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) resource.body().get("metadata");
        @SuppressWarnings("unchecked")
        Map<String, Object> existing = (Map<String, Object>) metadata.get("annotations");
        existing.putAll(annotations);
        return resource;
    }

    boolean mtlsEnabled() {
        return resolved.mtlsWanted();
    }

    boolean multiZoneInScope() {
        return resolved.multiZoneInScope();
    }

    Integer dataplanes() {
        return resolved.dataplanes().map(Known::value).orElse(null);
    }

    boolean argoCd() {
        return Known.isTrue(resolved.argoCd());
    }

    boolean argoRollouts() {
        return Known.isTrue(resolved.argoRollouts());
    }

    Map<String, String> controlPlaneSelector() {
        return resolved.controlPlaneSelector();
    }

    String pdbApiVersion() {
        return state.serves("policy/v1") ? "policy/v1" : "policy/v1beta1";
    }

    /** The live Mesh's mtls block: step 1 re-applies it so the operator never switches mTLS off. */
    Map<String, Object> observedMtls() {
        return state.liveMtls();
    }

    DesiredResource meshResource(Step step, Map<String, Object> mtls) {
        Map<String, Object> meshSpec = new LinkedHashMap<>();
        if (mtls != null) {
            meshSpec.put("mtls", mtls);
        }
        List<String> skipped = spec.policies.definedKinds();
        if (!skipped.isEmpty()) {
            // Kuma creates its own mesh-wide defaults for a new mesh; ours replace them, so two would fragment.
            meshSpec.put("skipCreatingInitialPolicies", skipped);
        }
        return resource(step, KUMA_API, "Mesh", mesh, null, Map.of(), meshSpec);
    }

    boolean restrictedRulesInPlace() {
        if (spec.trafficPermissions.mode != TrafficPermissionMode.Restricted || !hasAllowRule()) {
            return false;
        }
        return spec.trafficPermissions.rules.stream()
                .allMatch(rule -> state.presentPolicies().contains(ruleName(mesh, rule)));
    }

    boolean hasAllowRule() {
        return spec.trafficPermissions.rules.stream().anyMatch(rule -> rule.action.letsTrafficThrough());
    }

    boolean observedMtlsEnabled() {
        return state.liveMtlsOn();
    }

    /**
     * Whether this profile granted access in the mesh before: its status lists a MeshTrafficPermission of its own (the
     * allow-all or a rule) among the managed resources. Restoring what the operator itself granted is not a widening.
     * The steps recorded as done are no evidence: the permission step is done without an allow-all where none may be
     * added (a zone's synced Mesh, an adopted zero-trust mesh), and reading that as a grant would add one in a pass that
     * reads the record (a new process after a crash does).
     */
    boolean grantedAccessBefore() {
        KumaProductionProfileStatus previous = profile.getStatus();
        return previous != null && previous.managedResources != null
                && previous.managedResources.stream().anyMatch(managed -> "MeshTrafficPermission".equals(managed.kind));
    }

    /** PDBs and HPAs someone else wrote, by the Deployment they cover; none offline. */
    ClusterObservation.ForeignGuards foreignGuards() {
        return resolved.observation().map(ClusterObservation::foreignGuards).orElse(ClusterObservation.ForeignGuards.none());
    }

    /** The profile asks for sidecar resources, so the ContainerPatch is emitted and must be named to take effect. */
    boolean sidecarPatchWanted() {
        return spec.sidecar.requests != null || spec.sidecar.limits != null;
    }
}
