package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the multi-phase changes stand after planning, for the profile's status, and when the plan changes on its
 * own (a drained CA backend may go, a canary is due for promotion) so the operator looks again then.
 *
 * @param rotation the CA rotation, or null when none ever ran
 * @param canary   the canary of the default policies, or null when spec.rollout.strategy is Immediate
 * @param reviewAt the earliest time the plan changes without anything else changing, or null
 * @param gateWait the step waiting at a gate for Kuma's reports and since when, or null
 * @param gatePassed the gate a person let a step pass in this plan (annotation kumaops.io/pass-gate), or null
 */
public record RolloutTracking(MtlsRotationStatus rotation, PolicyCanaryStatus canary, Instant reviewAt,
                              io.kumaops.operator.api.v1alpha1.GateWaitStatus gateWait,
                              io.kumaops.operator.api.v1alpha1.GatePassStatus gatePassed) {

    public RolloutTracking(MtlsRotationStatus rotation, PolicyCanaryStatus canary, Instant reviewAt) {
        this(rotation, canary, reviewAt, null, null);
    }

    public static RolloutTracking none() {
        return new RolloutTracking(null, null, null, null, null);
    }

    /**
     * {@code requeue}, shortened so the operator wakes at {@link #reviewAt}: exactly when that is still ahead (a timer
     * the plan set, such as the wait for Kuma's configuration refresh), after {@code minimum} when it has passed already
     * (the plan did not move on by itself, so waking at once again would only spin).
     */
    public Duration requeueWithin(Duration requeue, Instant now, Duration minimum) {
        if (reviewAt == null) {
            return requeue;
        }
        Duration untilReview = Duration.between(now, reviewAt);
        if (untilReview.isNegative() || untilReview.isZero()) {
            untilReview = minimum;
        } else {
            // Timers take whole milliseconds (JOSDK truncates): rounded up, with one to spare, the pass it brings is
            // never a moment early, which would find the time not yet come and wait the minimum for nothing.
            untilReview = Duration.ofMillis(untilReview.toMillis() + 1);
        }
        return requeue == null || untilReview.compareTo(requeue) < 0 ? untilReview : requeue;
    }
}
