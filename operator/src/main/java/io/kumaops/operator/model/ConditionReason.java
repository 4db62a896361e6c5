package io.kumaops.operator.model;

/**
 * Every reason a profile's condition can carry, grouped by the condition that uses it. The docs page
 * {@code docs/conditions.md} is checked against this list in both directions.
 */
public enum ConditionReason {
    // KumaInstalled
    KumaInstalled("KumaInstalled", "Kuma's CRDs are served."),
    KumaNotInstalled("KumaInstalled, Ready, Progressing", "meshes.kuma.io is not served; the operator retries every 10 s."),
    // Ready / Progressing / Degraded: the rollout
    RolloutComplete("Ready, Progressing", "Every step is observed as desired and no Error finding is open."),
    AuditOnly("Ready, Progressing", "enforcement: Audit: nothing is applied, and no Error finding is open."),
    ErrorFindings("Ready", "Every step is in place (or Audit), but Error findings are open."),
    InvalidSpec("Ready, Progressing", "The spec fails a check; nothing was written or removed."),
    WaitingForObservation("Ready, Progressing", "An object was applied but the API server did not store it as desired."),
    WaitingForDeletion("Ready, Progressing", "An object the step deleted is still present."),
    StepSettling("Ready, Progressing", "A step needed writes and a settle time is set: the next step starts after it."),
    MtlsRotationAddingBackend("Ready, Progressing", "CA rotation: the new backend was added beside the enabled one."),
    MtlsRotationRecording("Ready, Progressing", "CA rotation: the rotation is recorded in the status before the switch."),
    MtlsRotationSwitching("Ready, Progressing", "CA rotation: enabledBackend was switched; the old backend drains."),
    WaitingForKuma("Ready, Progressing", "A gate waits for Kuma's control plane to report the previous step in effect (MeshInsight); the message says on what."),
    WaitingForSelectedDataplanes("Ready, Progressing", "The restricted rules are in place; the allow-all stays until every Allow rule selects an observed data plane."),
    UniversalLintOnly("Ready, Progressing", "environment Universal: a Universal control plane never reads kuma.io resources from the Kubernetes API, so nothing is applied."),
    BlockedByFinding("Ready, Progressing", "An unsuppressed Error finding makes the current step unsafe."),
    FieldConflict("Ready, Progressing, Degraded", "Server-side apply returned 409: another field manager owns fields the operator sets."),
    Forbidden("Ready, Progressing, Degraded", "403: the operator's RBAC does not allow the write."),
    Rejected("Ready, Progressing, Degraded", "422 or an admission refusal: the API server (or Kuma's webhook) rejected the object."),
    ApplyFailed("Ready, Progressing, Degraded", "Any other API error on a write."),
    ControlPlaneNotFound("Ready, Progressing, Degraded", "controlPlane.manage is true but the Deployment does not exist."),
    ReconcileError("Ready, Progressing, Degraded", "The pass threw; JOSDK retries with back-off."),
    DeletionWaitsForDataplanes("Ready", "deletionPolicy Delete: the profile's objects are deleted but the Mesh, which still has Dataplanes; Kuma refuses to delete it until they are gone."),
    AsExpected("Degraded", "No write failed."),
    // MtlsEnabled
    MtlsEnabled("MtlsEnabled", "The enabled backend is on in the Mesh."),
    MtlsPending("MtlsEnabled", "mTLS is wanted and comes on once a traffic permission is observed."),
    MtlsDisabled("MtlsEnabled", "spec.mtls.enabled is false."),
    MtlsNotSynced("MtlsEnabled", "On a zone: the Mesh synced from the global control plane has no enabled backend yet."),
    // TrafficPermitted
    PermissionPending("TrafficPermitted", "No MeshTrafficPermission from this profile is observed yet."),
    AllowAll("TrafficPermitted", "The allow-all MeshTrafficPermission is in place."),
    Restricted("TrafficPermitted", "The restricted MeshTrafficPermissions are in place.");

    private final String conditions;
    private final String meaning;

    ConditionReason(String conditions, String meaning) {
        this.conditions = conditions;
        this.meaning = meaning;
    }

    /** The condition types that can carry this reason, comma-separated. */
    public String conditions() {
        return conditions;
    }

    public String meaning() {
        return meaning;
    }
}
