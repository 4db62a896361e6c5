package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import java.util.List;

/**
 * Turns a profile (and what is known of the cluster) into the ordered rollout steps. Pure: no I/O, the same
 * input always gives the same plan, and the CLI's {@code render} and the operator share it.
 */
public final class Planner {

    public static final String KUMA_API = "kuma.io/v1alpha1";
    /** Kuma's control-plane container in its Helm chart. */
    public static final String CONTROL_PLANE_CONTAINER = "control-plane";
    public static final int KDS_PORT = 5685;
    public static final int WEBHOOK_PORT = 5443;
    public static final int API_HTTP_PORT = 5681;
    public static final int API_HTTPS_PORT = 5682;
    /**
     * Kuma's diagnostics server: /metrics, and the /healthy and /ready probes of Kuma's chart (Kuma
     * pkg/config/app/kuma-cp/kuma-cp.defaults.yaml diagnostics.serverPort, pkg/diagnostics/server.go;
     * deployments/charts/kuma/templates/cp-deployment.yaml; the chart's prometheus.io/port annotation).
     */
    public static final int DIAGNOSTICS_PORT = 5680;
    /** Data planes from which reachable services pay off (production guide: 1000+). */
    public static final int REACHABLE_SERVICES_THRESHOLD = 1000;

    public static final String ENV_REACHABLE_SERVICES = "KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES";
    public static final String ENV_IGNORED_SELECTOR_LABELS = "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS";
    public static final String ENV_SKIP_MESH_OWNER_REFERENCE = "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE";
    public static final String ROLLOUTS_HASH_LABEL = "rollouts-pod-template-hash";

    /** Raised when Kuma would refuse an object a step emits; that step writes nothing. */
    public static final String KUMA_WOULD_REFUSE = KumaAdmissionGate.CODE;
    /** The one-owner check's findings: an object of this profile's names that another profile owns blocks its step. */
    public static final java.util.Set<String> OWNERSHIP_FINDINGS = java.util.Set.of(OwnershipGate.NAME_COLLISION,
            OwnershipGate.SHARED_SETTING_CONFLICT);

    /** Raised on open-source Kuma for a change of enabledBackend while mTLS is on, which Kuma refuses; step 3 writes nothing. */
    public static final String CA_SWITCH_REFUSED_BY_KUMA = KumaCaSwitchRefusal.CODE;

    /** One planner per step, in the safe order; each sees the findings and decisions of the ones before it. */
    private static final List<StepPlanner> STEPS = List.of(
            new ControlPlaneStepPlanner(),
            new MeshStepPlanner(),
            new TrafficPermissionStepPlanner(),
            new MtlsStepPlanner(),
            new DefaultsStepPlanner(),
            new MultiZoneStepPlanner(),
            new RestrictStepPlanner());

    private final KumaAdmissionGate admission;

    public Planner() {
        this(io.kumaops.operator.admission.KumaAdmission.standard());
    }

    /** @param admission Kuma's admission, as modelled, that every step's Kuma objects must pass before the step writes */
    public Planner(io.kumaops.operator.admission.KumaAdmission admission) {
        this.admission = new KumaAdmissionGate(admission);
    }

    public Plan plan(KumaProductionProfile profile) {
        return plan(profile, ClusterFacts.offline());
    }

    public Plan plan(KumaProductionProfile profile, ClusterFacts state) {
        return plan(profile, state, RolloutSignals.offline());
    }

    /** @param signals the time and open Error findings, which the multi-phase changes (CA rotation, canary) depend on */
    public Plan plan(KumaProductionProfile profile, ClusterFacts state, RolloutSignals signals) {
        return plan(ResolvedProfile.of(profile, state), signals);
    }

    /** Plans the profile as the pass resolved it: the same facts the rules and the status read. */
    public Plan plan(ResolvedProfile profile, RolloutSignals signals) {
        PlanContext context = new PlanContext(profile, signals);
        List<PlannedStep> steps = context.running != null && !context.running.version().supported()
                ? unsupported(context)
                : KumaEvidenceGates.apply(context, OwnershipGate.apply(context,
                        STEPS.stream().map(step -> admission.judge(context, step.plan(context))).toList()));
        return new Plan(context.profile.getMetadata().getName(), context.mesh, steps, List.copyOf(context.findings),
                new RolloutTracking(context.rotation, context.canary, context.reviewAt, context.gateWait,
                        context.gatePassed));
    }

    /** Raised when the running control plane is a Kuma version whose behaviour this operator does not know. */
    public static final String UNSUPPORTED_KUMA_VERSION = "UnsupportedKumaVersion";

    /** Every step blocked: shapes and admission rules differ outside 2.9 … 2.14 (3.0 removes Mesh.mtls and MTP from[]). */
    private static List<PlannedStep> unsupported(PlanContext context) {
        io.kumaops.operator.api.v1alpha1.Finding finding = new io.kumaops.operator.api.v1alpha1.Finding(UNSUPPORTED_KUMA_VERSION,
                io.kumaops.operator.api.v1alpha1.Severity.Error, "spec.kumaVersion",
                "the control plane runs " + context.running.distribution() + " " + context.running.patch() + "; this operator supports Kuma "
                        + io.kumaops.operator.admission.AdmissionTarget.OLDEST + " … " + io.kumaops.operator.admission.AdmissionTarget.NEWEST
                        + ", so nothing is written",
                "run a control plane of Kuma 2.9 … 2.14, or an operator release that supports " + context.running.version());
        finding.source = io.kumaops.operator.api.v1alpha1.FindingSource.Cluster;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(UNSUPPORTED_KUMA_VERSION);
        finding.suppressed = false;
        context.findings.add(finding);
        return STEPS.stream().map(step -> new PlannedStep(step.step(), List.of(), List.of(), List.of(finding.message),
                List.of(UNSUPPORTED_KUMA_VERSION), null)).toList();
    }

    /** Names the planner gives to what it emits, so the operator and tests find them ({@link GeneratedNames}). */
    public static String allowAllName(String mesh) {
        return GeneratedNames.allowAll(mesh);
    }

    public static String ruleName(String mesh, PermissionRule rule) {
        return GeneratedNames.permissionRule(mesh, rule.name);
    }

    /** The replicas the operator applies: the request, rounded up to the next odd number. */
    public static int oddReplicas(int requested) {
        return requested % 2 == 0 ? requested + 1 : requested;
    }

    /** Raised by the planner for a zone whose synced Mesh has no mTLS; the rule of the same code covers the profile. */
    public static final String CROSS_ZONE_WITHOUT_MTLS = "CrossZoneWithoutMtls";
}
