package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;

/** Counts writes and step timings for the metrics, then hands over to the caller's hooks. */
record CountingHooks(RolloutHooks delegate, OperatorMetrics metrics) implements RolloutHooks {

    @Override
    public void applied(KumaProductionProfile profile, DesiredResource resource) {
        metrics.write("apply");
        delegate.applied(profile, resource);
    }

    @Override
    public void deleted(KumaProductionProfile profile, ResourceRef ref) {
        metrics.write("delete");
        delegate.deleted(profile, ref);
    }

    @Override
    public void stepObserved(KumaProductionProfile profile, Step step, long nanos) {
        metrics.stepObserved(step, nanos);
        delegate.stepObserved(profile, step, nanos);
    }
}
