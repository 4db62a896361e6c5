package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.model.ClusterObservation;
import java.util.Optional;

/** What a rule may read: the profile (defaults applied) and, in the operator or lint --cluster, the cluster. */
public record RuleContext(KumaProductionProfile profile, Optional<ClusterObservation> observation) {

    public static RuleContext offline(KumaProductionProfile profile) {
        return new RuleContext(profile, Optional.empty());
    }

    public KumaProductionProfileSpec spec() {
        return profile.getSpec();
    }
}
