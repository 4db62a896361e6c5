package io.kumaops.operator.rules;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.model.ClusterObservation;
import java.util.Optional;
import java.util.function.Consumer;

/** Profiles and contexts for rule tests: a default profile named "payments", edited by a lambda. */
final class TestProfiles {

    static final String NAME = "payments";

    private TestProfiles() {
    }

    static KumaProductionProfile profile(Consumer<KumaProductionProfileSpec> edit) {
        KumaProductionProfile profile = new KumaProductionProfile();
        profile.setMetadata(new ObjectMetaBuilder().withName(NAME).build());
        KumaProductionProfileSpec spec = new KumaProductionProfileSpec();
        edit.accept(spec);
        profile.setSpec(spec);
        return profile;
    }

    static RuleContext offline(Consumer<KumaProductionProfileSpec> edit) {
        return RuleContext.offline(profile(edit));
    }

    static RuleContext observed(Consumer<KumaProductionProfileSpec> edit, ClusterObservation observation) {
        return new RuleContext(profile(edit), Optional.of(observation));
    }

    static RuleContext observed(ClusterObservation observation) {
        return observed(spec -> { }, observation);
    }

    /**
     * The default profile in a cluster whose control plane runs {@code image} (null: not observed) and whose Kuma
     * reports {@code reports} on the mesh (null: reports nothing).
     */
    static RuleContext reporting(String image, io.kumaops.operator.model.KumaReports reports) {
        ClusterObservation.ControlPlaneDeployment controlPlane = image == null ? null
                : new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 1, java.util.Map.of(), null, null,
                        java.util.Map.of("app", "kuma-control-plane"), image);
        ClusterObservation observation = Observation.cluster().controlPlane(controlPlane).build();
        return new RuleContext(io.kumaops.operator.model.ResolvedProfile.of(profile(spec -> { }),
                io.kumaops.operator.model.ClusterFacts.observed(observation).withKumaReports(reports, 0)));
    }

    /** A spec edit that changes nothing. */
    static void defaults(KumaProductionProfileSpec spec) {
    }
}
