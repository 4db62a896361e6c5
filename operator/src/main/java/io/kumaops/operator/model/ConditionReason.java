package io.kumaops.operator.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every reason a profile's condition can carry, with the conditions and statuses it appears with, what it means and
 * what to do. {@code docs/conditions.md}'s reason tables are generated from this list and drift-checked.
 */
public enum ConditionReason {
    // KumaInstalled
    KumaInstalled("KumaInstalled=True",
            "Kuma's CRDs are served.",
            ""),
    KumaNotInstalled("KumaInstalled=False, Ready=False, Progressing=False",
            "`meshes.kuma.io` is missing; the operator retries every 10 s.",
            "Install Kuma (its CRDs), or check the operator may read CRDs."),
    // Ready / Progressing / Degraded: the rollout
    RolloutComplete("Ready=True, Progressing=False",
            "Every step is observed as desired and no Error finding is open.",
            "Nothing."),
    AuditOnly("Ready=True, Progressing=False",
            "`enforcement: Audit`: nothing is applied, and no Error finding is open.",
            "Switch to `Enforce` when the findings are acceptable."),
    ErrorFindings("Ready=False",
            "Enforce: every step is in place, but Error findings are open (phase `Degraded`). Audit: Error findings are open (phase `Blocked`). The message lists the codes.",
            "Fix what the findings say ([findings.md](findings.md)), or suppress one on purpose in `spec.suppress[]` with a reason."),
    InvalidSpec("Ready=False, Progressing=False",
            "The spec fails a cross-field check; nothing was written or removed. The message lists every problem with the field path.",
            "Fix the spec. `kuma-production-operator lint -f profile.yaml` shows the same problems offline."),
    WaitingForObservation("Ready=False, Progressing=True",
            "An object was applied but the API server did not store it as desired (the apply's response differs). Retried after 1 s; normally lasts one pass.",
            "If it persists: another controller or a mutating webhook is rewriting the object — compare `kubectl get -o yaml` with `render`."),
    WaitingForDeletion("Ready=False, Progressing=True",
            "Step `6-restrict` deleted the allow-all MeshTrafficPermission and it is still present (e.g. a finalizer).",
            "Check the object's finalizers."),
    StepSettling("Ready=False, Progressing=True",
            "A step needed writes and `--step-settle-time` is set: the next step starts after the settle time.",
            "Nothing; `status.currentStep` names the next step."),
    MtlsRotationAddingBackend("Ready=False, Progressing=True",
            "CA rotation, phase 1: the new backend was added to the Mesh next to the enabled one; the switch follows once it is observed.",
            "Nothing; see `status.mtlsRotation` and [controller-flow.md](controller-flow.md#multi-phase-changes)."),
    MtlsRotationRecording("Ready=False, Progressing=True",
            "CA rotation: the rotation is recorded in the status before `enabledBackend` switches (one pass).",
            "Nothing."),
    MtlsRotationSwitching("Ready=False, Progressing=True",
            "CA rotation: `enabledBackend` was switched; the old backend drains once the switch is observed.",
            "Nothing; then `status.mtlsRotation.phase` is `Draining` until no data plane holds a certificate from the old backend (with `spec.rollout.gates: ApiServerOnly`, until `retireAfter`)."),
    WaitingForCaSupport("Ready=False, Progressing=True",
            "CA rotation (Kong Mesh), before `enabledBackend` switches: the new backend is in the Mesh and the rotation is recorded; the switch waits until every online data plane supports the new backend (Kuma's MeshInsight `mTLS.supportedBackends`), so none is cut off from the new CA. The message counts the data planes that do not yet and names up to 10 of them (from their DataplaneInsights). Timed by `spec.rollout.gateTimeout` like every gate.",
            "Nothing, normally a few seconds. If it lasts: the named data planes do not take new configuration from the control plane (`kubectl get dataplaneinsight -n <namespace> <name> -o yaml`); past the gate timeout it becomes the finding `KumaNotReporting`; the annotation `kumaops.io/pass-gate` passes it by hand."),
    WaitingForCaDrain("Ready=False, Progressing=True",
            "CA rotation (Kong Mesh), after the switch: the old backend, which the profile no longer lists, stays in the Mesh until no data plane holds a certificate it issued (Kuma's MeshInsight `mTLS.issuedBackends`, online or not). The message counts the holders and names up to 10 of them; past the old backend's data-plane certificate validity since the switch (`status.mtlsRotation.retireAfter`) the Warning `OldCaCertificatesOutstanding` says so. Timed by `spec.rollout.gateTimeout` like every gate.",
            "Nothing, normally a few seconds. If it lasts: the named data planes are not renewing their certificates (restart them); past the gate timeout it becomes the finding `KumaNotReporting`; the annotation `kumaops.io/pass-gate` passes it by hand."),
    WaitingForKuma("Ready=False, Progressing=True",
            "A gate waits for Kuma's control plane to report the previous step in effect, read from the mesh's MeshInsight: that Kuma reports the mesh at all (before anything after `1-mesh` is written), that it counts every MeshTrafficPermission of the mesh (before `3-mtls` switches mTLS on or to another backend, and before `6-restrict` removes the allow-all), and that every online data plane holds a certificate from the enabled backend (before the allow-all goes; the message then names up to 10 of those that do not, from their DataplaneInsights). The message says on what it waits; a gate never passes by default.",
            "Check that Kuma's control plane runs and reports (`kubectl get meshinsights`). For clusters with Kuma's CRDs and no control plane, `spec.rollout.gates: ApiServerOnly` (finding `KumaGatesDisabled`)."),
    WaitingForXdsRefresh("Ready=False, Progressing=True",
            "Kuma's MeshInsight counts what a gate waits for (every MeshTrafficPermission before `3-mtls` changes mTLS; the restricted rules before `6-restrict` removes the allow-all), but Kuma's control plane counts from its store while each proxy's configuration is rebuilt from caches on a timer. The step goes on once that can have happened: 2 × `store.cache.expirationTime` + `xdsServer.dataplaneConfigurationRefreshInterval` after the count was first seen (3 s with Kuma's defaults), read from the control-plane container's env (`KUMA_STORE_CACHE_EXPIRATION_TIME`, `KUMA_STORE_CACHE_ENABLED`, `KUMA_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL`). The message gives the figure, where it comes from and the time the step goes on; the count's first sighting is kept in `status.gateWait.countedSince`.",
            "Nothing: it lasts seconds. A control plane outside the observed Deployment (`controlPlane.systemNamespace`/`deploymentName`) is timed with Kuma's defaults; set those fields to the Deployment that runs it."),
    WaitingForControlPlaneRollout("Ready=False, Progressing=True",
            "With `controlPlane.manage: true`: the control-plane Deployment is not rolled out (the controller has not seen its newest generation, or not every replica runs the new template and is available), judged as `kubectl rollout status` does; nothing of the mesh is written until it is. A pass that patched the Deployment ends there, so the next pass reads the rollout.",
            "Check the control plane's pods (`kubectl -n kuma-system rollout status deployment/kuma-control-plane`)."),
    WaitingForSyncedMesh("Ready=False, Progressing=True",
            "On a federated zone (role `Zone`): the Mesh has not been synced from the global control plane yet, so step `2-traffic-permission` and every later step that writes a policy wait: Kuma's owner-reference webhook refuses a zone's policy whose Mesh does not exist. Timed by `spec.rollout.gateTimeout`; passable by hand (`kumaops.io/pass-gate`).",
            "Check that the zone is connected to the global control plane and that the Mesh exists there (`kubectl get mesh <mesh>` on the global control plane)."),
    WaitingForGlobalConnection("Ready=False, Progressing=True",
            "On a federated zone: step `5-multi-zone` (the zone's policy fence, the zone ingress's autoscaler and disruption budget) waits until the zone's own ZoneInsight shows its connection to the global control plane open. Timed by `spec.rollout.gateTimeout`; passable by hand.",
            "Check the zone control plane's KDS connection (`kubectl get zoneinsight <zone> -o yaml`: a subscription without `disconnectTime`) and `multiZone.globalKdsAddress`."),
    WaitingForZones("Ready=False, Progressing=True",
            "On a global control plane: step `5-multi-zone` wrote the Zones and the fence, and waits until every enabled zone of `multiZone.zones` is online by its ZoneInsight before step `6-restrict`. The message names the zones that are not. Timed by `spec.rollout.gateTimeout`; passable by hand.",
            "Check each zone control plane's connection to the global one (`kubectl get zoneinsights`), and that the fence admits the zones' source addresses ([rollout](rollout.md#multi-zone)); set `enabled: false` on a zone that is out on purpose."),
    WaitingForCanaryAcknowledgement("Ready=False, Progressing=True",
            "Policy canary: the bake time is over, but Kuma's DataplaneInsights do not show every canary data plane online and acknowledging the change (since the canary started: configuration exchanged, every response acknowledged, none rejected on its current connection), so the change is not promoted mesh-wide and step `4-defaults` holds. The message names the data planes. Timed by `spec.rollout.gateTimeout`; passable by hand.",
            "Look at the named data planes (`kubectl get dataplaneinsight -n <ns> <name> -o yaml`: `subscriptions[].status.total.responsesRejected`; a NACK is in the proxy's log); fix the change in the profile, or restart a proxy that rejected an older configuration (a new connection starts a new count)."),
    WaitingForSelectedDataplanes("Ready=False, Progressing=True",
            "Step `6-restrict`: the restricted rules are in place, but an Allow rule's destination or a source selects no observed Dataplane of the mesh (finding `PermissionRuleSelectsNothing` names it), so the allow-all stays. The step passes once every Allow rule selects one; a mesh whose Dataplanes cannot be observed never passes.",
            "Name workloads as `{kind: Service, name, namespace, port}` (the tag Kuma's injector sets), or check the workloads are injected into the mesh."),
    UniversalLintOnly("Ready=False, Progressing=False",
            "`controlPlane.environment: Universal`: a Universal control plane keeps its resources in its own store and never reads `kuma.io` objects from the Kubernetes API, so the operator applies nothing (phase `Blocked`); findings are still evaluated.",
            "Use `lint` and `render` in CI and apply with `kumactl`."),
    Paused("Ready=False, Progressing=False",
            "`spec.rollout.paused` is true: nothing more is written; the message names the step and the object that would be written next. Findings and the status stay current (phase `Blocked`).",
            "Set `spec.rollout.paused: false` to continue."),
    BlockedByFinding("Ready=False, Progressing=False",
            "An unsuppressed Error finding makes `status.currentStep` unsafe; the steps before it are in place, nothing after it is written. The message names the step and the codes — catalog codes, or the planner's `EnabledBackendRemoved` and `CaSwitchRefusedByKuma` (`3-mtls`), `KumaNotReporting` (a gate waited past `spec.rollout.gateTimeout`) and, on a zone, `CrossZoneWithoutMtls` (`5-multi-zone`).",
            "Fix the finding (see its `remediation`), or suppress a catalog finding with a reason if it is a false positive (planner findings cannot be suppressed)."),
    FieldConflict("Ready=False, Progressing=False, Degraded=True",
            "Server-side apply returned 409: another field manager (typically Helm on the control-plane Deployment) owns fields the operator sets. Nothing was forced.",
            "Remove those fields from the other manager (e.g. Helm values), set `spec.controlPlane.forceOwnership: true`, or `spec.controlPlane.manage: false`."),
    Forbidden("Ready=False, Progressing=False, Degraded=True",
            "403: the operator's RBAC does not allow the write.",
            "Install the chart's RBAC ([deploy-helm.md](deploy-helm.md)); with `rbac.create: false`, grant the same rules."),
    Rejected("Ready=False, Progressing=False, Degraded=True",
            "422: the API server rejected the object (schema or admission webhook, e.g. Kuma's). The message carries the server's text.",
            "Usually a Kuma version mismatch: check `spec.kumaVersion` against the installed Kuma, and Kuma's webhook logs."),
    ApplyFailed("Ready=False, Progressing=False, Degraded=True",
            "Any other API error on a write (500, timeout, a 409 that names no other field manager: the object changed or appeared meanwhile …). Retried after 30 s.",
            "Check API server health and the operator log."),
    ControlPlaneNotFound("Ready=False, Progressing=False, Degraded=True",
            "`controlPlane.manage: true` but the Deployment `spec.controlPlane.deploymentName` does not exist in `systemNamespace`. The operator never creates it.",
            "Install Kuma first, or fix `deploymentName` / `systemNamespace`."),
    ReconcileError("Ready=False, Progressing=False, Degraded=True",
            "The pass threw (e.g. the API server was unreachable). JOSDK retries with back-off; the last known steps, findings and resources are kept.",
            "Check the operator log; the message carries the exception text."),
    DeletionWaitsForDataplanes("Ready=False",
            "The profile is being deleted with `deletionPolicy: Delete`, and its Mesh still has Dataplanes: Kuma refuses to delete such a Mesh, so everything else the profile wrote is deleted, the Mesh is kept and the finalizer stays; retried every 10 s (event `MeshKept`).",
            "Move or stop the mesh's workloads; or remove the finalizer to keep the Mesh."),
    AsExpected("Degraded=False",
            "No write failed.",
            ""),
    // MtlsEnabled
    MtlsEnabled("MtlsEnabled=True",
            "Step `3-mtls` is observed (message names the backend and mode), or the live Mesh already has an `enabledBackend` — also in Audit, and also when `spec.mtls.enabled` is false (the operator never switches mTLS off; see the `MtlsDisableRefused` finding below).",
            "Nothing."),
    MtlsPending("MtlsEnabled=False",
            "`spec.mtls.enabled` is true but step `3-mtls` is not observed yet (it waits for a traffic permission).",
            "Wait, or look at `Ready` for what holds the rollout."),
    MtlsDisabled("MtlsEnabled=False",
            "`spec.mtls.enabled` is false and the mesh has no mTLS.",
            "Enable mTLS for production ([findings.md](findings.md))."),
    MtlsNotSynced("MtlsEnabled=False",
            "On a zone control plane (role Zone): the Mesh synced from the global control plane has no mTLS enabled yet, so cross-zone resources wait.",
            "Enable mTLS on the global control plane's Mesh; see [rollout](rollout.md#multi-zone)."),
    // TrafficPermitted
    PermissionPending("TrafficPermitted=False",
            "No permission from this profile is observed yet (also always in Audit, which writes none).",
            ""),
    AllowAll("TrafficPermitted=True",
            "Step `2-traffic-permission` is observed and the allow-all permission is in place (mode `AllowAll`, or `Restricted` before step `6-restrict` completes).",
            ""),
    Restricted("TrafficPermitted=True",
            "Mode `Restricted` and step `6-restrict` is observed: the rules are in place.",
            "");

    private final Map<String, Boolean> appearsWith;
    private final String meaning;
    private final String action;

    /** @param appearsWith "Ready=False, Progressing=True": the condition types that carry this reason and their status */
    ConditionReason(String appearsWith, String meaning, String action) {
        Map<String, Boolean> parsed = new LinkedHashMap<>();
        Arrays.stream(appearsWith.split(",\\s*")).map(pair -> pair.split("="))
                .forEach(pair -> parsed.put(pair[0], Boolean.parseBoolean(pair[1])));
        this.appearsWith = java.util.Collections.unmodifiableMap(parsed);
        this.meaning = meaning;
        this.action = action;
    }

    /** The condition types that carry this reason, each with the status it has then, in the order of the docs. */
    public Map<String, Boolean> appearsWith() {
        return appearsWith;
    }

    /** Whether a condition of {@code type} with {@code status} may carry this reason. */
    public boolean allows(String type, boolean status) {
        return Boolean.valueOf(status).equals(appearsWith.get(type));
    }

    /** The condition types that can carry this reason, comma-separated. */
    public String conditions() {
        return String.join(", ", appearsWith.keySet());
    }

    public String meaning() {
        return meaning;
    }

    /** A wait at one of the rollout's evidence gates (timed by spec.rollout.gateTimeout, passable by hand). */
    public boolean isGateWait() {
        return this == WaitingForKuma || this == WaitingForControlPlaneRollout || this == WaitingForCaSupport || this == WaitingForCaDrain
                || this == WaitingForSyncedMesh || this == WaitingForGlobalConnection || this == WaitingForZones
                || this == WaitingForCanaryAcknowledgement || this == WaitingForXdsRefresh;
    }

    /** What a user does about it; empty when nothing. */
    public String action() {
        return action;
    }
}
