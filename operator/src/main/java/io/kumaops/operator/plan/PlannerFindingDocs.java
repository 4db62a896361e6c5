package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;

/**
 * The findings the planner raises itself (they need the plan or the live Mesh, not only the profile), and the one
 * pruning raises, documented in docs/findings.md beside the rules' entries. Planner findings cannot be suppressed: they guard writes.
 */
public final class PlannerFindingDocs {

    /** @param blocks what the finding stops, in words */
    public record Entry(String code, Severity severity, String title, String why, String fix, String blocks, String source) {
    }

    /** Raised when pruning keeps a ContainerPatch the profile no longer wants, because something still names it. */
    public static final String CONTAINER_PATCH_STILL_NAMED = "ContainerPatchStillNamed";

    public static final List<Entry> ENTRIES = List.of(
            new Entry(KumaEvidenceGates.GATES_DISABLED, Severity.Warning,
                    "The rollout's gates only wait for the API server, not for Kuma's control plane.",
                    "With spec.rollout.gates: ApiServerOnly a step passes once the API server stores its objects: mTLS can come on"
                            + " before Kuma's control plane has the permission that keeps traffic flowing, and the allow-all can go"
                            + " before any proxy holds a certificate. Meant for clusters with Kuma's CRDs and no reporting control plane.",
                    "Set spec.rollout.gates: Kuma (the default) where a Kuma control plane reports on the mesh.",
                    "nothing", "Kuma api/mesh/v1alpha1/mesh_insight.proto; pkg/insights/resyncer.go."),
            new Entry(KumaEvidenceGates.NOT_REPORTING, Severity.Error,
                    "A step has waited for Kuma's control plane longer than spec.rollout.gateTimeout.",
                    "Each gate waits for Kuma to report the previous step in effect (its MeshInsight: the mesh, the permissions it"
                            + " counts, the certificates its proxies hold; in multi-zone deployments the ZoneInsights and the Mesh synced"
                            + " to a zone; for a policy canary the canary data planes' DataplaneInsights). A gate never passes by"
                            + " default, so a control plane that is down, not reporting on the mesh, a zone that stays disconnected, or"
                            + " proxies that never take the new certificate or reject the change hold the rollout for good. Past the timeout (default 10m, counted from status.gateWait.since, which survives restarts) the"
                            + " step is blocked and the profile Blocked; it continues on its own once Kuma reports.",
                    "Check that Kuma's control plane runs and writes MeshInsight for the mesh (kubectl get meshinsights); the"
                            + " finding's message says what the gate waits for (a zone: kubectl get zoneinsights; a canary data plane:"
                            + " its DataplaneInsight). Raise spec.rollout.gateTimeout for slow meshes, or pass the gate by hand"
                            + " (kumaops.io/pass-gate).",
                    "the waiting step", "Kuma api/mesh/v1alpha1/mesh_insight.proto; pkg/insights/resyncer.go."),
            new Entry(GatePass.PASSED, Severity.Warning,
                    "A step passed its gate by hand (annotation kumaops.io/pass-gate).",
                    "Break-glass for one stuck gate: the annotation kumaops.io/pass-gate: \"<step>: <reason>\" lets the named step"
                            + " pass the gate that holds it (Kuma's evidence or the control plane's rollout) without the evidence."
                            + " It never overrides a blocking finding. The finding (and its Event) records who waited for what;"
                            + " status.lastGatePass keeps the step, the reason, what the gate waited for and when, and the operator"
                            + " removes the annotation once the step is in place.",
                    "Nothing to fix; check afterwards that Kuma reports what the gate waited for. Set the annotation with kubectl"
                            + " annotate, not in Git, or a GitOps sync puts it back for the next gate.",
                    "nothing (it lets a step through)", "The operator's own gates (KumaEvidenceGates)."),
            new Entry(GatePass.IGNORED, Severity.Warning,
                    "The kumaops.io/pass-gate annotation is not <step>: <reason>, so it is ignored.",
                    "The annotation must name one rollout step (0-control-plane … 6-restrict) and a reason after a colon; an"
                            + " unknown step or a missing reason passes nothing.",
                    "Write it as <step>: <reason>, e.g. \"3-mtls: insights are down for the upgrade, traffic checked by hand\", or"
                            + " remove it.",
                    "nothing", "The operator's own gates (KumaEvidenceGates)."),
            new Entry(Planner.UNSUPPORTED_KUMA_VERSION, Severity.Error,
                    "The running control plane is a Kuma version outside 2.9 … 2.14.",
                    "Shapes and admission rules differ between Kuma minors (the 2.9 MeshTimeout has no rules[]; 3.0 removes"
                            + " Mesh.mtls and MeshTrafficPermission from[]). The operator knows 2.9 … 2.14 and writes nothing to a"
                            + " control plane it does not know. The version is read from the control-plane image tag.",
                    "Run a control plane of Kuma 2.9 … 2.14, or an operator release that supports the running version.",
                    "every step", "Kuma's release tags v2.9 … v2.14.3; kumahq/kuma UPGRADE.md for 3.0."),
            new Entry(ControlPlaneStepPlanner.WOULD_DROP_OUTBOUNDS, Severity.Warning,
                    "Reachable services would leave (or leave) a mesh's data planes without outbounds.",
                    "KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES is one setting of the control plane, for every mesh it serves."
                            + " With it on, Kuma gives a data plane an outbound only to the services a MeshTrafficPermission lets it"
                            + " reach, with or without mTLS, so a mesh with data planes and no permission that allows anything gets"
                            + " no outbounds at all. With reachableServices: Auto the operator does not turn the setting on while such"
                            + " a mesh exists; with Enabled it turns it on and names the meshes; once it is on it is never turned off"
                            + " for this (a restart of the control plane for each flip).",
                    "Give each named mesh MeshTrafficPermissions that allow what its services call (from[] with action Allow),"
                            + " or set spec.controlPlane.reachableServices: Disabled.",
                    "nothing (with Auto, the setting stays off)",
                    "Kuma pkg/core/bootstrap/bootstrap.go initializeMeshCache; pkg/plugins/policies/meshtrafficpermission/graph/"
                            + "reachable_graph.go; pkg/xds/sync/dataplane_proxy_builder.go."),
            new Entry(RestrictStepPlanner.SELECTS_NOTHING, Severity.Warning,
                    "A restricted permission rule selects no data plane of the mesh, so the allow-all is kept.",
                    "Kuma matches a MeshService targetRef by the kuma.io/service tag, which its injector sets to"
                            + " <service>_<namespace>_svc_<port> on Kubernetes (pkg/plugins/runtime/k8s/util/util.go): a rule naming"
                            + " `backend` selects nothing. Removing the allow-all then would deny the traffic the rule means to allow."
                            + " The operator applies the rules and removes the allow-all only once every Allow rule's destination and"
                            + " sources select an observed Dataplane.",
                    "Name workloads as {kind: Service, name, namespace, port}, or check that they are injected into the mesh.",
                    "the allow-all's removal in `6-restrict` (the step waits, reason WaitingForSelectedDataplanes)",
                    "Kuma pkg/plugins/runtime/k8s/util/util.go (ServiceTag); pkg/plugins/policies/core/rules (matching)."),
            new Entry(TrafficPermissionStepPlanner.ADOPTION_WOULD_WIDEN, Severity.Warning,
                    "The profile would add an allow-all to a mesh that already runs mTLS with permissions of its own.",
                    "With mTLS on, MeshTrafficPermissions are in force: a zero-trust mesh allows only what its permissions say."
                            + " Adopting it with trafficPermissions.mode AllowAll would add an allow-all and let every workload"
                            + " call every service. Adoption never widens access, so the operator writes nothing from step"
                            + " 2-traffic-permission on and lists the permissions it does not own in status.observed.",
                    "Set spec.trafficPermissions.mode: Restricted with rules that cover today's traffic, or set"
                            + " spec.trafficPermissions.allowWidening: true to open the mesh on purpose.",
                    "`2-traffic-permission` and every later step",
                    "Kuma: MeshTrafficPermissions apply once mTLS is on (pkg/plugins/policies/meshtrafficpermission/plugin/v1alpha1/plugin.go)."),
            new Entry(Planner.KUMA_WOULD_REFUSE, Severity.Error,
                    "Kuma's admission would refuse an object a rollout step emits.",
                    "The API server only checks Kuma's CRD schemas; Kuma's own webhook judges a Mesh's spec (one mTLS backend on"
                            + " open-source Kuma, no CA switch under mTLS, Kuma's duration format), policy semantics (targetRef"
                            + " kinds, empty blocks, rules mixed with to/from) and labels. A refused write fails half-way through a"
                            + " step; the operator asks Kuma's admission, as modelled from Kuma's source (docs/kuma-admission.md),"
                            + " before writing anything of the step.",
                    "Change the profile so the object is one Kuma admits (the finding names the object, the field and Kuma's"
                            + " message); check spec.kumaVersion and spec.distribution against the running control plane.",
                    "the step that emits the object (nothing of it is written)",
                    "Kuma's validators at v2.9 … v2.14.3; see docs/kuma-admission.md."),
            new Entry(MtlsRotation.ENABLED_BACKEND_REMOVED, Severity.Error,
                    "The profile drops the CA backend the live Mesh has enabled.",
                    "Removing the enabled backend would switch the mesh to another CA in one write; proxies holding"
                            + " certificates from the old CA would be cut off.",
                    "Keep the enabled backend listed until a rotation has switched away from it.",
                    "`3-mtls`", "Kuma pkg/core/managers/apis/mesh/mesh_validator.go (backend changes)."),
            new Entry(MtlsRotation.OLD_CA_CERTIFICATES_OUTSTANDING, Severity.Warning,
                    "Data planes still hold certificates from the CA backend a rotation switched away from, past its certificate validity.",
                    "After the switch of a CA rotation the old backend stays in the Mesh while Kuma's MeshInsight counts data planes"
                            + " holding a certificate it issued (mTLS.issuedBackends). Kuma reissues every connected data plane's"
                            + " certificate when the Mesh's mTLS changes, so one still holding an old certificate after that"
                            + " certificate's validity (status.mtlsRotation.retireAfter) is not taking configuration from the control"
                            + " plane. The message names up to 10 of them.",
                    "Check the named data planes (their DataplaneInsight's subscriptions and mTLS.issuedBackend) and restart them;"
                            + " the old backend leaves once none holds its certificate, or pass the gate by hand (kumaops.io/pass-gate).",
                    "nothing", "Kuma pkg/insights/resyncer.go (updateMTLS); pkg/xds/secrets/secrets.go (shouldGenerateCerts)."),
            new Entry(KumaCaSwitchRefusal.CODE, Severity.Error,
                    "The profile changes the enabled CA backend of a live Mesh with mTLS on, which open-source Kuma refuses.",
                    "Open-source Kuma admits one mTLS backend per Mesh and refuses a change of mtls.enabledBackend while mTLS is on"
                            + " (\"Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA\"). The"
                            + " add → switch → retire rotation the operator runs on Kong Mesh is therefore impossible on Kuma, so the"
                            + " operator writes nothing of the step instead of a Mesh Kuma would refuse. Raised before Kuma's admission"
                            + " (`KumaWouldRefuse`) because it says what to do.",
                    "Keep spec.mtls.enabledBackend at the live backend, or change the CA one of two ways. (1) MeshIdentity and"
                            + " MeshTrust (Kuma 2.12+): workload identities issued by MeshIdentity replace Mesh.mtls; they need"
                            + " meshServices.mode: Exclusive on the Mesh and are migrated selector by selector. (2) A planned mTLS-off"
                            + " window by hand: set spec.rollout.paused: true; remove mtls.enabledBackend from the Mesh with a server-side"
                            + " apply under the operator's field manager, kuma-production-operator (the command is in docs/rollout.md:"
                            + " Kuma's Mesh spec is one field to the API server, so a kubectl patch or edit would own it and every later"
                            + " write of the operator would conflict); set the new backend alone in spec.mtls.backends and"
                            + " enabledBackend, with mode: Permissive; set paused: false, and the operator enables the new CA in one write; set mode: Strict once Kuma reports every proxy holding a"
                            + " certificate from it. While mTLS is off traffic between proxies is plaintext and MeshTrafficPermissions"
                            + " are not enforced (every workload may call every service); at both switches the proxies take the new"
                            + " configuration at slightly different moments, so requests between one that has it and one that has not"
                            + " yet can fail for that moment (Permissive inbounds keep accepting plaintext callers meanwhile).",
                    "`3-mtls` and every later step",
                    "Kuma pkg/core/managers/apis/mesh/mesh_validator.go (validateMTLSBackendChange);"
                            + " pkg/core/resources/apis/mesh/mesh_validator.go (AllowedMTLSBackends = 1);"
                            + " pkg/core/resources/apis/meshidentity, meshtrust (2.12+)."),
            new Entry(OwnershipGate.NAME_COLLISION, Severity.Error,
                    "An object this profile would write already belongs to another profile, with other content.",
                    "Every object the operator writes carries its profile's kumaops.io/profile label, and all profiles write under"
                            + " one field manager: a second profile's write would replace the first one's object (or delete it when"
                            + " pruning), and the two would overwrite each other on every pass. Derived names cannot coincide"
                            + " (docs/api.md#generated-names), but names a profile gives (mesh, zones, deployment names) can, and so"
                            + " can objects that fit one system namespace only (the global control plane's NetworkPolicy). The first"
                            + " profile to write an object owns it; an object that already holds what the other profile wants is left"
                            + " to its owner without a finding. Also raised when one plan would write two different objects under one"
                            + " name.",
                    "Give the profile's objects their own names (the finding names the field), or keep the object in one profile"
                            + " only. If the owning profile no longer exists, delete the object or its kumaops.io/profile label.",
                    "the step that writes the object (nothing of it is written)",
                    "Kubernetes server-side apply: one field manager owns the fields its last apply set."),
            new Entry(OwnershipGate.SHARED_SETTING_CONFLICT, Severity.Error,
                    "Two profiles want different settings of the one control plane they share.",
                    "Kuma's control plane serves every mesh with one set of settings: the control-plane Deployment's replicas,"
                            + " resources and env (reachable services, container patches, Argo settings) and the sidecar ContainerPatch"
                            + " its injector applies (KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES). Profiles of several meshes on"
                            + " one control plane would otherwise flip these settings on every pass, and each flip restarts the control"
                            + " plane. The profile whose label the Deployment or the patch carries owns it; another profile that wants"
                            + " the same settings raises nothing.",
                    "Let one profile manage the control plane: spec.controlPlane.manage: false and no spec.sidecar resources in the"
                            + " others, or the same settings in every profile (or another spec.sidecar.containerPatchName).",
                    "the step that writes the setting (`0-control-plane` or `4-defaults`)",
                    "Kuma pkg/plugins/runtime/k8s/webhooks/injector/injector.go (loadContainerPatches); pkg/config/plugins/runtime/k8s/config.go."),
            new Entry(CONTAINER_PATCH_STILL_NAMED, Severity.Warning,
                    "A ContainerPatch the profile no longer wants is kept: the control plane or a pod still names it.",
                    "Kuma's injector applies the patches named in the control plane's"
                            + " KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES and in a pod's kuma.io/container-patches annotation,"
                            + " and refuses to inject a pod when one of them is missing. So when spec.sidecar.containerPatchName"
                            + " changes or spec.sidecar goes, the old patch is deleted only once nothing names it; the message lists"
                            + " the control plane and the first pods that still do. The same holds when a profile with deletionPolicy"
                            + " Delete is deleted: a named patch stays, released (without the operator's labels), and an Event says why.",
                    "Remove the name from the kuma.io/container-patches annotation of the pods' workloads (their pod templates)"
                            + " and from the control plane's env; the next pass deletes the patch.",
                    "nothing (the patch stays)",
                    "Kuma pkg/plugins/runtime/k8s/webhooks/injector/injector.go (loadContainerPatches);"
                            + " pkg/plugins/runtime/k8s/metadata/annotations.go (KumaContainerPatches); pkg/config/plugins/runtime/k8s/config.go."),
            new Entry("MtlsDisableRefused", Severity.Warning,
                    "spec.mtls.enabled is false but the live Mesh has mTLS on.",
                    "Switching mTLS off under running traffic breaks every MeshTrafficPermission and exposes plaintext; the"
                            + " operator never does it.",
                    "Set spec.mtls.enabled: true, or switch mTLS off by hand after checking no traffic depends on it.",
                    "nothing (mTLS stays on as observed)", "Production guide."));

    private PlannerFindingDocs() {
    }
}
