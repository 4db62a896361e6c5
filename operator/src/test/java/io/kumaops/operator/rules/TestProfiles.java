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

    /** A spec edit that changes nothing. */
    static void defaults(KumaProductionProfileSpec spec) {
    }
}
