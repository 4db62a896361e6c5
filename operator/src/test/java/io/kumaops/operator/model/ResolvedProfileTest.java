package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.PlatformProvider;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResolvedProfileTest {

    @Test
    void offlineTheProfileDecidesAndSectionsAreNeverNull() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().kumaVersion = "2.11";
        profile.getSpec().mtls = null;
        ResolvedProfile resolved = ResolvedProfile.offline(profile);

        assertThat(resolved.kumaVersion()).isEqualTo(new KumaVersion(2, 11));
        assertThat(resolved.distribution()).isEqualTo(Distribution.Kuma);
        assertThat(resolved.running()).isEmpty();
        assertThat(resolved.observation()).isEmpty();
        assertThat(resolved.mtls()).isNotNull();
        assertThat(resolved.mtlsWanted()).isFalse();
        assertThat(resolved.dataplanes()).isEmpty();
        assertThat(resolved.mesh()).isEqualTo("payments");
        assertThat(resolved.controlPlaneSelector()).containsExactlyEntriesOf(Map.of("app", "kuma-control-plane"));
    }

    @Test
    void theRunningControlPlaneDecidesVersionAndDistributionUnlessTheProfileNamesTheDistribution() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().kumaVersion = "2.9";
        ResolvedProfile resolved = ResolvedProfile.of(profile, facts(running("kong/kuma-cp:2.12.4")));
        assertThat(resolved.kumaVersion()).isEqualTo(new KumaVersion(2, 12));
        assertThat(resolved.distribution()).isEqualTo(Distribution.KongMesh);

        profile.getSpec().distribution = Distribution.Kuma;
        assertThat(ResolvedProfile.of(profile, facts(running("kong/kuma-cp:2.12.4"))).distribution()).isEqualTo(Distribution.Kuma);
    }

    @Test
    void aControlPlaneOutsideTheModelledRangeLeavesTheProfilesVersion() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().kumaVersion = "2.13";
        ResolvedProfile resolved = ResolvedProfile.of(profile, facts(running("kumahq/kuma-cp:3.0.0")));
        assertThat(resolved.kumaVersion()).isEqualTo(new KumaVersion(2, 13));
        assertThat(resolved.running()).map(KumaImage::version).contains(new KumaVersion(3, 0));
    }

    @Test
    void anUnparseableVersionCountsAsTheDefault() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().kumaVersion = "latest";
        assertThat(ResolvedProfile.offline(profile).kumaVersion())
                .isEqualTo(KumaVersion.parse(KumaProductionProfileSpec.DEFAULT_KUMA_VERSION));
    }

    @Test
    void dataplanesAreTheLargerOfExpectedAndObservedAndSayWhichOne() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().controlPlane.expectedDataplanes = 300;
        assertThat(ResolvedProfile.of(profile, facts(observation(1200, null))).dataplanes())
                .contains(new Known<>(1200, FindingSource.Cluster));
        assertThat(ResolvedProfile.of(profile, facts(observation(100, null))).dataplanes())
                .contains(new Known<>(300, FindingSource.Profile));
        assertThat(ResolvedProfile.offline(profile).dataplanes()).contains(new Known<>(300, FindingSource.Profile));
    }

    @Test
    void explicitProfileFieldsWinOverWhatTheClusterShows() {
        KumaProductionProfile profile = profile(new KumaProductionProfileSpec());
        profile.getSpec().gitOps.argoCD = false;
        ClusterObservation argo = new ClusterObservation(true, null, null, null, "GKE", null, null, true, true, null, List.of(),
                List.of(), List.of());
        ResolvedProfile resolved = ResolvedProfile.of(profile, facts(argo));
        assertThat(resolved.argoCd()).contains(new Known<>(false, FindingSource.Profile));
        assertThat(resolved.argoRollouts()).contains(new Known<>(true, FindingSource.Cluster));
        assertThat(resolved.platformProvider()).contains(new Known<>(PlatformProvider.GKE, FindingSource.Cluster));
    }

    @Test
    void theLiveMeshMtlsIsReadFromTheFactsOnce() {
        ClusterFacts on = new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of())), Set.of(), Set.of(),
                ClusterObservation.empty());
        ClusterFacts blank = new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "")), Set.of(), Set.of(), ClusterObservation.empty());
        assertThat(on.liveMtlsBackend()).isEqualTo("ca-1");
        assertThat(on.liveMtlsOn()).isTrue();
        assertThat(blank.liveMtlsBackend()).as("an empty enabledBackend is mTLS off in Kuma").isNull();
        assertThat(ClusterFacts.offline().liveMtls()).isNull();
    }

    @Test
    void rulesTestsWithOnlyAnObservationSeeIt() {
        ClusterObservation bare = new ClusterObservation(null, 5, null, null, null, null, null, null, null, null, List.of(), List.of(),
                List.of());
        ResolvedProfile resolved = ResolvedProfile.observed(profile(new KumaProductionProfileSpec()), Optional.of(bare));
        assertThat(resolved.observation()).contains(bare);
        assertThat(resolved.dataplanes()).contains(new Known<>(5, FindingSource.Cluster));
        assertThat(ResolvedProfile.observed(profile(new KumaProductionProfileSpec()), Optional.empty()).observation()).isEmpty();
    }

    static KumaProductionProfile profile(KumaProductionProfileSpec spec) {
        KumaProductionProfile profile = new KumaProductionProfile();
        profile.setMetadata(new ObjectMetaBuilder().withName("payments").build());
        profile.setSpec(spec);
        return profile;
    }

    static ClusterFacts facts(ClusterObservation observation) {
        return new ClusterFacts(null, Set.of(), Set.of("kuma.io/v1alpha1"), observation);
    }

    static ClusterObservation running(String image) {
        return observation(null, new ControlPlaneDeployment("kuma-system", "kuma-control-plane", 3, Map.of(), null, null,
                Map.of("app", "kuma-control-plane"), image));
    }

    static ClusterObservation observation(Integer dataplanes, ControlPlaneDeployment controlPlane) {
        return new ClusterObservation(true, dataplanes, controlPlane, null, null, null, null, null, null, null, List.of(), List.of(),
                List.of());
    }
}
