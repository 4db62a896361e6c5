package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.KumaDefaultPolicies;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;

/**
 * A Normal Event when step 4 deletes one of Kuma's own default policies: it was Kuma's, replaced by the profile's,
 * so it is said as a replacement, not as a loss. Then hands over to the caller's hooks.
 */
record KumaDefaultReplacedEvents(RolloutHooks delegate, EventRecorder events) implements RolloutHooks {

    static final String REASON = "KumaDefaultReplaced";

    @Override
    public void applied(KumaProductionProfile profile, DesiredResource resource) {
        delegate.applied(profile, resource);
    }

    @Override
    public void deleted(KumaProductionProfile profile, ResourceRef ref) {
        if (KumaDefaultPolicies.of(ref.kind(), ref.name(), profile.meshName()).isPresent()) {
            events.normal(profile, REASON, "deleted Kuma's default " + ref.kind() + " " + ref.namespace() + "/" + ref.name()
                    + ": the profile's " + ref.kind() + " policies, observed in place, replace it");
        }
        delegate.deleted(profile, ref);
    }

    @Override
    public void stepObserved(KumaProductionProfile profile, Step step, long nanos) {
        delegate.stepObserved(profile, step, nanos);
    }
}
