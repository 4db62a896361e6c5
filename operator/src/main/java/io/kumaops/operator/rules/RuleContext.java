package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ResolvedProfile;
import java.util.Optional;

/**
 * What a rule may read: the profile as the pass resolved it with the cluster's facts (in the operator and in
 * {@code lint --cluster}), or on its own (lint of files). The planner and the status read the same resolution.
 */
public record RuleContext(ResolvedProfile resolved) {

    /** A profile with only the cluster's detection facts (no live Mesh or permissions). */
    public RuleContext(KumaProductionProfile profile, Optional<ClusterObservation> observation) {
        this(ResolvedProfile.observed(profile, observation));
    }

    public static RuleContext offline(KumaProductionProfile profile) {
        return new RuleContext(ResolvedProfile.offline(profile));
    }

    public KumaProductionProfile profile() {
        return resolved.profile();
    }

    public Optional<ClusterObservation> observation() {
        return resolved.observation();
    }

    public KumaProductionProfileSpec spec() {
        return profile().getSpec();
    }
}
