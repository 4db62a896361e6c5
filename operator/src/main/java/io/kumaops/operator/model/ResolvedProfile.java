package io.kumaops.operator.model;

import io.kumaops.operator.api.v1alpha1.CiliumSpec;
import io.kumaops.operator.api.v1alpha1.CniSpec;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.ControlPlaneSpec;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.GatewaySpec;
import io.kumaops.operator.api.v1alpha1.GitOpsSpec;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
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
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One profile with the cluster's facts, each fact decided here once for the pass: the rules, the planner and the
 * status read the same answer. Explicit profile fields win; a field the profile leaves out falls back to what the
 * cluster shows. Spec sections are never null here (a section written as {@code null} reads as its defaults).
 * Pure: built from values, holds values.
 */
public final class ResolvedProfile {

    private final KumaProductionProfile profile;
    private final KumaProductionProfileSpec spec;
    private final ClusterFacts facts;
    private final Optional<ClusterObservation> observation;
    private final KumaImage running;
    private final KumaVersion version;
    private final Distribution distribution;

    private ResolvedProfile(KumaProductionProfile profile, ClusterFacts facts, Optional<ClusterObservation> observation) {
        this.profile = profile;
        this.spec = profile == null || profile.getSpec() == null ? new KumaProductionProfileSpec() : profile.getSpec();
        this.facts = facts;
        this.observation = observation;
        ControlPlaneDeployment deployment = observedControlPlane().orElse(null);
        this.running = deployment == null ? null : deployment.kumaImage().orElse(null);
        KumaVersion declared = KumaVersion.parseOr(spec.kumaVersion,
                KumaVersion.parse(KumaProductionProfileSpec.DEFAULT_KUMA_VERSION));
        // In a cluster the running control plane judges what is written (the 2.9 MeshTimeout CRD has no rules[]);
        // offline, and for a control plane outside the modelled range, the profile's version.
        this.version = running != null && running.version().supported() ? running.version() : declared;
        this.distribution = spec.distribution != null ? spec.distribution
                : running != null ? running.distribution() : Distribution.Kuma;
    }

    /** The profile judged with what the pass observed of the cluster. */
    public static ResolvedProfile of(KumaProductionProfile profile, ClusterFacts facts) {
        ClusterFacts known = facts == null ? ClusterFacts.offline() : facts;
        return new ResolvedProfile(profile, known, Optional.ofNullable(known.observation()));
    }

    /** The profile with only the cluster's observation (no live Mesh, no permissions): rules' tests. */
    public static ResolvedProfile observed(KumaProductionProfile profile, Optional<ClusterObservation> observation) {
        return observation.isEmpty() ? offline(profile)
                : new ResolvedProfile(profile, ClusterFacts.observed(observation.get()), observation);
    }

    /** The profile on its own: {@code render}, {@code lint} of files. */
    public static ResolvedProfile offline(KumaProductionProfile profile) {
        return new ResolvedProfile(profile, ClusterFacts.offline(), Optional.empty());
    }

    public KumaProductionProfile profile() {
        return profile;
    }

    public ClusterFacts facts() {
        return facts;
    }

    /** The cluster's observation, absent offline. */
    public Optional<ClusterObservation> observation() {
        return observation;
    }

    // ---- spec sections, never null ----

    public KumaProductionProfileSpec spec() {
        return spec;
    }

    public ControlPlaneSpec controlPlane() {
        return orDefault(spec.controlPlane, ControlPlaneSpec::new);
    }

    public StoreSpec store() {
        return orDefault(controlPlane().store, StoreSpec::new);
    }

    public MtlsSpec mtls() {
        return orDefault(spec.mtls, MtlsSpec::new);
    }

    public TrafficPermissionsSpec trafficPermissions() {
        return orDefault(spec.trafficPermissions, TrafficPermissionsSpec::new);
    }

    public SidecarSpec sidecar() {
        return orDefault(spec.sidecar, SidecarSpec::new);
    }

    public PoliciesSpec policies() {
        return orDefault(spec.policies, PoliciesSpec::new);
    }

    public MultiZoneSpec multiZone() {
        return orDefault(spec.multiZone, MultiZoneSpec::new);
    }

    public PlatformSpec platform() {
        return orDefault(spec.platform, PlatformSpec::new);
    }

    public GitOpsSpec gitOps() {
        return orDefault(spec.gitOps, GitOpsSpec::new);
    }

    public GatewaySpec gateway() {
        return orDefault(spec.gateway, GatewaySpec::new);
    }

    public RolloutSpec rollout() {
        return orDefault(spec.rollout, RolloutSpec::new);
    }

    // ---- the profile's own facts ----

    public String mesh() {
        return profile == null ? null : profile.meshName();
    }

    public ControlPlaneRole role() {
        return orDefault(controlPlane().role, () -> ControlPlaneRole.Standalone);
    }

    public String systemNamespace() {
        return orDefault(controlPlane().systemNamespace, () -> "kuma-system");
    }

    /** The profile asks for mTLS. */
    public boolean mtlsWanted() {
        return Boolean.TRUE.equals(mtls().enabled);
    }

    /** The final mTLS mode; Strict when unset, as the CRD defaults it. */
    public MtlsMode mtlsMode() {
        return orDefault(mtls().mode, () -> MtlsMode.Strict);
    }

    /** Traffic crosses zones: multi-zone is enabled or the control plane is a Zone or Global one. */
    public boolean multiZoneInScope() {
        return Boolean.TRUE.equals(multiZone().enabled) || role() != ControlPlaneRole.Standalone;
    }

    // ---- which Kuma judges ----

    /** What the running control plane's image says, empty offline or when the image is not a Kuma one. */
    public Optional<KumaImage> running() {
        return Optional.ofNullable(running);
    }

    /** The Kuma minor that judges the output: the running control plane's when observed and supported, else the profile's. */
    public KumaVersion kumaVersion() {
        return version;
    }

    /** The distribution: the profile's when set, else the running control plane's image, else open-source Kuma. */
    public Distribution distribution() {
        return distribution;
    }

    // ---- profile-or-cluster facts ----

    public Optional<ControlPlaneDeployment> observedControlPlane() {
        return observation.map(ClusterObservation::controlPlane);
    }

    /** Control-plane replicas: the profile's, else the observed Deployment's. */
    public Optional<Known<Integer>> controlPlaneReplicas() {
        return profileOrCluster(controlPlane().replicas, observedControlPlane().map(ControlPlaneDeployment::replicas).orElse(null));
    }

    /** Data planes to size for: the larger of the expected and the observed count, and which one it was. */
    public Optional<Known<Integer>> dataplanes() {
        Integer expected = controlPlane().expectedDataplanes;
        Integer observed = observed(ClusterObservation::dataplanes);
        if (expected == null && observed == null) {
            return Optional.empty();
        }
        if (observed == null || (expected != null && expected >= observed)) {
            return Optional.of(new Known<>(expected, FindingSource.Profile));
        }
        return Optional.of(new Known<>(observed, FindingSource.Cluster));
    }

    /** The observed Dataplane count alone, null when not observed. */
    public Integer observedDataplanes() {
        return observed(ClusterObservation::dataplanes);
    }

    public Optional<Known<Boolean>> argoCd() {
        return profileOrCluster(gitOps().argoCD, observed(ClusterObservation::argoCdInstalled));
    }

    public Optional<Known<Boolean>> argoRollouts() {
        return profileOrCluster(gitOps().argoRollouts, observed(ClusterObservation::argoRolloutsInstalled));
    }

    public Optional<Known<PlatformProvider>> platformProvider() {
        String observedProvider = observed(ClusterObservation::platformProvider);
        return profileOrCluster(platform().provider, observedProvider == null ? null : parseProvider(observedProvider));
    }

    /** Kuma CNI: the profile's cni.enabled, else what the control plane's env says. */
    public Optional<Known<Boolean>> kumaCni() {
        CniSpec cni = platform().cni;
        return profileOrCluster(cni == null ? null : cni.enabled, observed(ClusterObservation::kumaCniInstalled));
    }

    /** Cilium presence: the profile's cilium.present, else (with an observation) whether Cilium's config was found. */
    public Optional<Known<Boolean>> ciliumPresent() {
        Boolean observedPresence = observation().map(o -> o.cilium() != null).orElse(null);
        return profileOrCluster(cilium().present, observedPresence);
    }

    public Optional<Known<Boolean>> ciliumKubeProxyReplacement() {
        return profileOrCluster(cilium().kubeProxyReplacement,
                observedCilium().map(ClusterObservation.CiliumConfig::kubeProxyReplacement).orElse(null));
    }

    public Optional<Known<Boolean>> ciliumCniExclusive() {
        return profileOrCluster(cilium().cniExclusive, observedCilium().map(ClusterObservation.CiliumConfig::cniExclusive).orElse(null));
    }

    /** The control plane's pod selector as observed, else the one Kuma's chart sets. */
    public Map<String, String> controlPlaneSelector() {
        ControlPlaneDeployment deployment = observedControlPlane().orElse(null);
        if (deployment != null && deployment.selector() != null && !deployment.selector().isEmpty()) {
            return deployment.selector();
        }
        return Map.of("app", "kuma-control-plane");
    }

    // ---- helpers ----

    private static <T> Optional<Known<T>> profileOrCluster(T profileValue, T clusterValue) {
        if (profileValue != null) {
            return Optional.of(new Known<>(profileValue, FindingSource.Profile));
        }
        if (clusterValue != null) {
            return Optional.of(new Known<>(clusterValue, FindingSource.Cluster));
        }
        return Optional.empty();
    }

    /** An observed provider name; one the API does not know counts as Generic. */
    public static PlatformProvider parseProvider(String observed) {
        for (PlatformProvider provider : PlatformProvider.values()) {
            if (provider.name().equalsIgnoreCase(observed.trim())) {
                return provider;
            }
        }
        return PlatformProvider.Generic;
    }

    private CiliumSpec cilium() {
        return orDefault(platform().cilium, CiliumSpec::new);
    }

    private Optional<ClusterObservation.CiliumConfig> observedCilium() {
        return observation().map(ClusterObservation::cilium);
    }

    private <T> T observed(Function<ClusterObservation, T> field) {
        return observation().map(field).orElse(null);
    }

    private static <T> T orDefault(T value, Supplier<T> fallback) {
        return value == null ? fallback.get() : value;
    }
}
