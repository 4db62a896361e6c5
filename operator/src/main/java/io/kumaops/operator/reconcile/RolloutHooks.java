package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;

/** Callbacks at the points that matter for events, metrics and crash tests. Defaults do nothing. */
public interface RolloutHooks {

    RolloutHooks NONE = new RolloutHooks() {
    };

    default void applied(KumaProductionProfile profile, DesiredResource resource) {
    }

    default void deleted(KumaProductionProfile profile, ResourceRef ref) {
    }

    /** A step's resources were observed as desired; the next step may start. */
    default void stepObserved(KumaProductionProfile profile, Step step, long nanos) {
    }
}
