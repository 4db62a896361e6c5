package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.kumaops.operator.api.v1alpha1.DeletionPolicy;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a profile does to what it wrote: Orphan releases the objects (only the operator's marks go); Delete
 * removes them latest step first, one at a time, each observed gone before the next. The control-plane Deployment
 * is never deleted.
 */
final class ProfileCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileCleanup.class);

    private final KubeAccess kube;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Duration retry;

    ProfileCleanup(KubeAccess kube, EventRecorder events, OperatorMetrics metrics, Duration retry) {
        this.kube = kube;
        this.events = events;
        this.metrics = metrics;
        this.retry = retry;
    }

    /** @param plan the plan of the profile as it is now: its objects are what the profile owns */
    DeleteControl cleanup(KumaProductionProfile profile, Plan plan) {
        String name = profile.getMetadata().getName();
        List<ResourceRef> reverse = reverseOrder(plan);
        if (profile.getSpec().deletionPolicy == DeletionPolicy.Orphan) {
            for (ResourceRef ref : reverse) {
                try {
                    kube.removeOwnershipMarks(ref);
                } catch (KubernetesClientException e) {
                    LOG.warn("profile {}: could not release {}: {}", name, ref, e.getMessage());
                }
            }
            releasePatchOnly(plan);
            events.normal(profile, "Orphaned", "profile deleted; " + reverse.size() + " objects left in place without the operator's marks");
            return DeleteControl.defaultDelete();
        }
        for (ResourceRef ref : reverse) {
            if (kube.get(ref).isPresent()) {
                kube.delete(ref);
                metrics.write("delete");
                LOG.info("profile {}: deletionPolicy Delete removed {}", name, ref);
                if (kube.get(ref).isPresent()) {
                    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
                }
            }
        }
        releasePatchOnly(plan);
        return DeleteControl.defaultDelete();
    }

    /** The control-plane Deployment only loses the operator's marks. */
    private void releasePatchOnly(Plan plan) {
        for (DesiredResource patchOnly : plan.resources().stream().filter(DesiredResource::patchOnly).toList()) {
            kube.removeOwnershipMarks(patchOnly.ref(), false);
        }
    }

    /** Every object the profile created, latest step first, each once; the control-plane Deployment is never included. */
    static List<ResourceRef> reverseOrder(Plan plan) {
        LinkedHashSet<ResourceRef> refs = new LinkedHashSet<>();
        List<PlannedStep> steps = new ArrayList<>(plan.steps());
        Collections.reverse(steps);
        for (PlannedStep step : steps) {
            List<DesiredResource> apply = new ArrayList<>(step.apply());
            Collections.reverse(apply);
            apply.stream().filter(r -> !r.patchOnly()).forEach(r -> refs.add(r.ref()));
        }
        return new ArrayList<>(refs);
    }
}
