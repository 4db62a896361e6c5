package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.CiliumSpec;
import io.kumaops.operator.api.v1alpha1.CniSpec;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.ControlPlaneSpec;
import io.kumaops.operator.api.v1alpha1.FindingSource;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The values rules judge, resolved once: explicit profile fields win, null profile fields fall back to what the
 * cluster shows. Spec sections are never null here (a section written as {@code null} reads as its defaults), so
 * rules stay free of null checks.
 */
public final class EffectiveFacts {

    public static final String ENV_SKIP_MESH_OWNER_REFERENCE = "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE";
    public static final String ENV_IGNORED_SERVICE_SELECTOR_LABELS = "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS";
    public static final String ENV_STORE_TYPE = "KUMA_STORE_TYPE";
    public static final String ARGO_ROLLOUTS_HASH_LABEL = "rollouts-pod-template-hash";

    private EffectiveFacts() {
    }

    /** A value and where it came from: the profile or the cluster. */
    public record Known<T>(T value, FindingSource source) {
        public boolean fromCluster() {
            return source == FindingSource.Cluster;
        }
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
        KumaProductionProfileSpec spec = context.profile() == null ? null : context.profile().getSpec();
        return spec == null ? new KumaProductionProfileSpec() : spec;
    }

    public static ControlPlaneSpec controlPlane(RuleContext context) {
        return orDefault(spec(context).controlPlane, ControlPlaneSpec::new);
    }

    public static StoreSpec store(RuleContext context) {
        return orDefault(controlPlane(context).store, StoreSpec::new);
    }

    public static MtlsSpec mtls(RuleContext context) {
        return orDefault(spec(context).mtls, MtlsSpec::new);
    }

    public static TrafficPermissionsSpec trafficPermissions(RuleContext context) {
        return orDefault(spec(context).trafficPermissions, TrafficPermissionsSpec::new);
    }

    public static SidecarSpec sidecar(RuleContext context) {
        return orDefault(spec(context).sidecar, SidecarSpec::new);
    }

    public static PoliciesSpec policies(RuleContext context) {
        return orDefault(spec(context).policies, PoliciesSpec::new);
    }

    public static MultiZoneSpec multiZone(RuleContext context) {
        return orDefault(spec(context).multiZone, MultiZoneSpec::new);
    }

    public static PlatformSpec platform(RuleContext context) {
        return orDefault(spec(context).platform, PlatformSpec::new);
    }

    public static GitOpsSpec gitOps(RuleContext context) {
        return orDefault(spec(context).gitOps, GitOpsSpec::new);
    }

    public static GatewaySpec gateway(RuleContext context) {
        return orDefault(spec(context).gateway, GatewaySpec::new);
    }

    public static RolloutSpec rollout(RuleContext context) {
        return orDefault(spec(context).rollout, RolloutSpec::new);
    }

    public static Optional<ClusterObservation> observation(RuleContext context) {
        return context.observation() == null ? Optional.empty() : context.observation();
    }

    // ---- simple profile facts ----

    public static ControlPlaneRole role(RuleContext context) {
        return orDefault(controlPlane(context).role, () -> ControlPlaneRole.Standalone);
    }

    public static String systemNamespace(RuleContext context) {
        return orDefault(controlPlane(context).systemNamespace, () -> "kuma-system");
    }

    public static boolean manageControlPlane(RuleContext context) {
        return Boolean.TRUE.equals(controlPlane(context).manage);
    }

    public static boolean mtlsEnabled(RuleContext context) {
        return Boolean.TRUE.equals(mtls(context).enabled);
    }

    /** The final mTLS mode; Strict when unset, as the CRD defaults it. */
    public static MtlsMode mtlsMode(RuleContext context) {
        return orDefault(mtls(context).mode, () -> MtlsMode.Strict);
    }

    /** Traffic crosses zones: multi-zone is enabled or the control plane is a Zone or Global one. */
    public static boolean multiZoneDeployment(RuleContext context) {
        return Boolean.TRUE.equals(multiZone(context).enabled) || role(context) != ControlPlaneRole.Standalone;
    }

    /** Whether the targeted Kuma version is at least 2.{@code minor}; an unparseable version counts as the default. */
    public static boolean kumaVersionAtLeast(RuleContext context, int minor) {
        return kumaMinor(context) >= minor;
    }

    /** The targeted Kuma minor (14 for "2.14"); an unparseable version counts as the default. */
    public static int kumaMinor(RuleContext context) {
        Integer minor = minorOf(spec(context).kumaVersion);
        return minor != null ? minor : minorOf(KumaProductionProfileSpec.DEFAULT_KUMA_VERSION);
    }

    private static Integer minorOf(String version) {
        String[] parts = version == null ? new String[0] : version.trim().split("\\.");
        try {
            return parts.length >= 2 ? Integer.valueOf(parts[1]) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---- profile-or-cluster facts ----

    /** Control-plane replicas: the profile's, else the observed Deployment's. */
    public static Optional<Known<Integer>> controlPlaneReplicas(RuleContext context) {
        return profileOrCluster(controlPlane(context).replicas,
                observedControlPlane(context).map(ControlPlaneDeployment::replicas).orElse(null));
    }

    /** Data planes to size for: the larger of the expected and the observed count. */
    public static Optional<Known<Integer>> dataplanes(RuleContext context) {
        Integer expected = controlPlane(context).expectedDataplanes;
        Integer observed = observation(context).map(ClusterObservation::dataplanes).orElse(null);
        if (expected == null && observed == null) {
            return Optional.empty();
        }
        if (observed == null || (expected != null && expected >= observed)) {
            return Optional.of(new Known<>(expected, FindingSource.Profile));
        }
        return Optional.of(new Known<>(observed, FindingSource.Cluster));
    }

    public static Optional<Known<Boolean>> argoCd(RuleContext context) {
        return profileOrCluster(gitOps(context).argoCD, observed(context, ClusterObservation::argoCdInstalled));
    }

    public static Optional<Known<Boolean>> argoRollouts(RuleContext context) {
        return profileOrCluster(gitOps(context).argoRollouts, observed(context, ClusterObservation::argoRolloutsInstalled));
    }

    public static Optional<Known<PlatformProvider>> platformProvider(RuleContext context) {
        return profileOrCluster(platform(context).provider,
                observed(context, ClusterObservation::platformProvider) == null ? null
                        : parseProvider(observed(context, ClusterObservation::platformProvider)));
    }

    /** Kuma CNI: the profile's cni.enabled, else whether its DaemonSet was observed. */
    public static Optional<Known<Boolean>> kumaCni(RuleContext context) {
        CniSpec cni = platform(context).cni;
        return profileOrCluster(cni == null ? null : cni.enabled, observed(context, ClusterObservation::kumaCniInstalled));
    }

    /** Cilium presence: the profile's cilium.present, else (with an observation) whether Cilium's config was found. */
    public static Optional<Known<Boolean>> ciliumPresent(RuleContext context) {
        Boolean observedPresence = observation(context).map(o -> o.cilium() != null).orElse(null);
        return profileOrCluster(cilium(context).present, observedPresence);
    }

    public static Optional<Known<Boolean>> ciliumKubeProxyReplacement(RuleContext context) {
        return profileOrCluster(cilium(context).kubeProxyReplacement,
                observedCilium(context).map(ClusterObservation.CiliumConfig::kubeProxyReplacement).orElse(null));
    }

    public static Optional<Known<Boolean>> ciliumCniExclusive(RuleContext context) {
        return profileOrCluster(cilium(context).cniExclusive,
                observedCilium(context).map(ClusterObservation.CiliumConfig::cniExclusive).orElse(null));
    }

    /** True when the effective value is known and true. */
    public static boolean isTrue(Optional<Known<Boolean>> fact) {
        return fact.map(Known::value).map(Boolean.TRUE::equals).orElse(false);
    }

    // ---- the observed control plane ----

    public static Optional<ControlPlaneDeployment> observedControlPlane(RuleContext context) {
        return observation(context).map(ClusterObservation::controlPlane);
    }

    /** Checks one env var of the observed control-plane container. */
    public static EnvCheck controlPlaneEnv(RuleContext context, String name, Predicate<String> satisfied) {
        Optional<ControlPlaneDeployment> deployment = observedControlPlane(context);
        if (deployment.isEmpty()) {
            return EnvCheck.UNKNOWN;
        }
        Map<String, String> env = deployment.get().env();
        String value = env == null ? null : env.get(name);
        return value != null && satisfied.test(value) ? EnvCheck.SATISFIED : EnvCheck.MISSING;
    }

    /** Path of a field of the control-plane Deployment, for findings about the live object. */
    public static String controlPlaneObjectPath(RuleContext context, String field) {
        Optional<ControlPlaneDeployment> deployment = observedControlPlane(context);
        String namespace = deployment.map(ControlPlaneDeployment::namespace).orElse(systemNamespace(context));
        String name = deployment.map(ControlPlaneDeployment::name)
                .orElse(orDefault(controlPlane(context).deploymentName, () -> "kuma-control-plane"));
        return "Deployment " + namespace + "/" + name + " " + field;
    }

    // ---- helpers ----

    static <T> Optional<Known<T>> profileOrCluster(T profileValue, T clusterValue) {
        if (profileValue != null) {
            return Optional.of(new Known<>(profileValue, FindingSource.Profile));
        }
        if (clusterValue != null) {
            return Optional.of(new Known<>(clusterValue, FindingSource.Cluster));
        }
        return Optional.empty();
    }

    /** An observed provider name; one the API does not know counts as Generic. */
    static PlatformProvider parseProvider(String observed) {
        for (PlatformProvider provider : PlatformProvider.values()) {
            if (provider.name().equalsIgnoreCase(observed.trim())) {
                return provider;
            }
        }
        return PlatformProvider.Generic;
    }

    private static CiliumSpec cilium(RuleContext context) {
        return orDefault(platform(context).cilium, CiliumSpec::new);
    }

    private static Optional<ClusterObservation.CiliumConfig> observedCilium(RuleContext context) {
        return observation(context).map(ClusterObservation::cilium);
    }

    private static <T> T observed(RuleContext context, Function<ClusterObservation, T> field) {
        return observation(context).map(field).orElse(null);
    }

    private static <T> T orDefault(T value, java.util.function.Supplier<T> fallback) {
        return value == null ? fallback.get() : value;
    }
}
