package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.ControlPlaneSpec;
import io.kumaops.operator.api.v1alpha1.GatewaySpec;
import io.kumaops.operator.api.v1alpha1.GitOpsSpec;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.MtlsMode;
import io.kumaops.operator.api.v1alpha1.MtlsSpec;
import io.kumaops.operator.api.v1alpha1.MultiZoneSpec;
import io.kumaops.operator.api.v1alpha1.PlatformProvider;
import io.kumaops.operator.api.v1alpha1.PlatformSpec;
import io.kumaops.operator.api.v1alpha1.PoliciesSpec;
import io.kumaops.operator.api.v1alpha1.RolloutSpec;
import io.kumaops.operator.api.v1alpha1.SidecarSpec;
import io.kumaops.operator.api.v1alpha1.StoreSpec;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionsSpec;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import io.kumaops.operator.model.Known;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The values rules judge, as the pass resolved them ({@link ResolvedProfile}): each fact is decided there once, for the
 * rules, the planner and the status alike; this class only names them for the rules. Spec sections are never null
 * here, so rules stay free of null checks.
 */
public final class EffectiveFacts {

    public static final String ENV_SKIP_MESH_OWNER_REFERENCE = "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE";
    public static final String ENV_IGNORED_SERVICE_SELECTOR_LABELS = "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS";
    public static final String ENV_STORE_TYPE = "KUMA_STORE_TYPE";
    public static final String ARGO_ROLLOUTS_HASH_LABEL = "rollouts-pod-template-hash";

    private EffectiveFacts() {
    }

    /** Whether the control plane's env was seen to satisfy a requirement. */
    public enum EnvCheck {
        /** The env of the observed Deployment satisfies it. */
        SATISFIED,
        /** The Deployment was observed and its env does not satisfy it. */
        MISSING,
        /** No observation, or the Deployment was not found: cannot tell. */
        UNKNOWN
    }

    // ---- spec sections, never null ----

    public static KumaProductionProfileSpec spec(RuleContext context) {
        return context.resolved().spec();
    }

    public static ControlPlaneSpec controlPlane(RuleContext context) {
        return context.resolved().controlPlane();
    }

    public static StoreSpec store(RuleContext context) {
        return context.resolved().store();
    }

    public static MtlsSpec mtls(RuleContext context) {
        return context.resolved().mtls();
    }

    public static TrafficPermissionsSpec trafficPermissions(RuleContext context) {
        return context.resolved().trafficPermissions();
    }

    public static SidecarSpec sidecar(RuleContext context) {
        return context.resolved().sidecar();
    }

    public static PoliciesSpec policies(RuleContext context) {
        return context.resolved().policies();
    }

    public static MultiZoneSpec multiZone(RuleContext context) {
        return context.resolved().multiZone();
    }

    public static PlatformSpec platform(RuleContext context) {
        return context.resolved().platform();
    }

    public static GitOpsSpec gitOps(RuleContext context) {
        return context.resolved().gitOps();
    }

    public static GatewaySpec gateway(RuleContext context) {
        return context.resolved().gateway();
    }

    public static RolloutSpec rollout(RuleContext context) {
        return context.resolved().rollout();
    }

    public static Optional<ClusterObservation> observation(RuleContext context) {
        return context.resolved().observation();
    }

    // ---- simple profile facts ----

    public static ControlPlaneRole role(RuleContext context) {
        return context.resolved().role();
    }

    public static String systemNamespace(RuleContext context) {
        return context.resolved().systemNamespace();
    }

    public static boolean manageControlPlane(RuleContext context) {
        return Boolean.TRUE.equals(controlPlane(context).manage);
    }

    public static boolean mtlsEnabled(RuleContext context) {
        return context.resolved().mtlsWanted();
    }

    /** The final mTLS mode; Strict when unset, as the CRD defaults it. */
    public static MtlsMode mtlsMode(RuleContext context) {
        return context.resolved().mtlsMode();
    }

    /** Traffic crosses zones: multi-zone is enabled or the control plane is a Zone or Global one. */
    public static boolean multiZoneDeployment(RuleContext context) {
        return context.resolved().multiZoneInScope();
    }

    /** Whether the Kuma that judges (the running control plane's, else the profile's) is at least 2.{@code minor}. */
    public static boolean kumaVersionAtLeast(RuleContext context, int minor) {
        return kumaMinor(context) >= minor;
    }

    /** The minor of the Kuma that judges (14 for "2.14"): the running control plane's when observed, else the profile's. */
    public static int kumaMinor(RuleContext context) {
        return context.resolved().kumaVersion().minor();
    }

    // ---- profile-or-cluster facts ----

    /** Control-plane replicas: the profile's, else the observed Deployment's. */
    public static Optional<Known<Integer>> controlPlaneReplicas(RuleContext context) {
        return context.resolved().controlPlaneReplicas();
    }

    /** Data planes to size for: the larger of the expected and the observed count. */
    public static Optional<Known<Integer>> dataplanes(RuleContext context) {
        return context.resolved().dataplanes();
    }

    public static Optional<Known<Boolean>> argoCd(RuleContext context) {
        return context.resolved().argoCd();
    }

    public static Optional<Known<Boolean>> argoRollouts(RuleContext context) {
        return context.resolved().argoRollouts();
    }

    public static Optional<Known<PlatformProvider>> platformProvider(RuleContext context) {
        return context.resolved().platformProvider();
    }

    /** Kuma CNI: the profile's cni.enabled, else whether the control plane runs with CNI. */
    public static Optional<Known<Boolean>> kumaCni(RuleContext context) {
        return context.resolved().kumaCni();
    }

    /** Cilium presence: the profile's cilium.present, else (with an observation) whether Cilium's config was found. */
    public static Optional<Known<Boolean>> ciliumPresent(RuleContext context) {
        return context.resolved().ciliumPresent();
    }

    public static Optional<Known<Boolean>> ciliumKubeProxyReplacement(RuleContext context) {
        return context.resolved().ciliumKubeProxyReplacement();
    }

    public static Optional<Known<Boolean>> ciliumCniExclusive(RuleContext context) {
        return context.resolved().ciliumCniExclusive();
    }

    /** True when the effective value is known and true. */
    public static boolean isTrue(Optional<Known<Boolean>> fact) {
        return Known.isTrue(fact);
    }

    // ---- the observed control plane ----

    public static Optional<ControlPlaneDeployment> observedControlPlane(RuleContext context) {
        return context.resolved().observedControlPlane();
    }

    /** Checks one env var of the observed control-plane container. */
    public static EnvCheck controlPlaneEnv(RuleContext context, String name, Predicate<String> satisfied) {
        Optional<ControlPlaneDeployment> deployment = observedControlPlane(context);
        if (deployment.isEmpty()) {
            return EnvCheck.UNKNOWN;
        }
        String value = deployment.get().envValue(name);
        return value != null && satisfied.test(value) ? EnvCheck.SATISFIED : EnvCheck.MISSING;
    }

    /** Path of a field of the control-plane Deployment, for findings about the live object. */
    public static String controlPlaneObjectPath(RuleContext context, String field) {
        Optional<ControlPlaneDeployment> deployment = observedControlPlane(context);
        String namespace = deployment.map(ControlPlaneDeployment::namespace).orElse(systemNamespace(context));
        String name = deployment.map(ControlPlaneDeployment::name)
                .orElse(controlPlane(context).deploymentName == null ? "kuma-control-plane" : controlPlane(context).deploymentName);
        return "Deployment " + namespace + "/" + name + " " + field;
    }
}
