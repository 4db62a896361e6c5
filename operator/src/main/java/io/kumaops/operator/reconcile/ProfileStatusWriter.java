package io.kumaops.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.status.StatusAggregator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a pass's status: only when it changed, only name and status in the patch, with the transition events and
 * the metrics that follow from it.
 */
final class ProfileStatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileStatusWriter.class);

    private final KubeAccess kube;
    private final TransitionEvents transitions;
    private final OperatorMetrics metrics;

    ProfileStatusWriter(KubeAccess kube, EventRecorder events, OperatorMetrics metrics) {
        this.kube = kube;
        this.transitions = new TransitionEvents(events);
        this.metrics = metrics;
    }

    UpdateControl<KumaProductionProfile> finish(KumaProductionProfile profile, StatusAggregator.Inputs inputs, Duration requeue, String result) {
        KumaProductionProfileStatus status = StatusAggregator.build(inputs);
        transitions.announce(profile, profile.getStatus(), status);
        metrics.status(profile.getMetadata().getName(), status);
        metrics.reconciled(result);
        UpdateControl<KumaProductionProfile> control = sameStatus(profile.getStatus(), status)
                ? UpdateControl.noUpdate() : UpdateControl.patchStatus(forStatusPatch(profile, status));
        return requeue == null ? control : control.rescheduleAfter(requeue);
    }

    /** A failed pass says so in the conditions and phase and keeps everything else the status knew. */
    ErrorStatusUpdateControl<KumaProductionProfile> failed(KumaProductionProfile profile, Exception e, Instant now) {
        LOG.warn("profile {}: reconcile failed: {}", profile.getMetadata().getName(), e.getMessage());
        refreshStatus(profile);
        metrics.reconciled("error");
        RolloutProgress failed = new RolloutProgress(List.of(), null, Outcome.Failed, ConditionReason.ReconcileError,
                "reconcile failed, retrying: " + e.getMessage(), List.of(), 0);
        KumaProductionProfileStatus status = StatusAggregator.build(new StatusAggregator.Inputs(profile, null, null, null, null,
                failed, null, null, now));
        if (profile.getStatus() != null) {
            status.completedSteps = profile.getStatus().completedSteps;
            status.findings = profile.getStatus().findings;
            status.summary = profile.getStatus().summary;
            status.managedResources = profile.getStatus().managedResources;
            status.observed = profile.getStatus().observed;
            status.recommendations = profile.getStatus().recommendations;
        }
        return sameStatus(profile.getStatus(), status) ? ErrorStatusUpdateControl.defaultErrorProcessing()
                : ErrorStatusUpdateControl.patchStatus(forStatusPatch(profile, status));
    }

    /**
     * The informer cache may not show the status this operator wrote a moment ago (JOSDK before 5.3 does not
     * read its own writes); comparing against a stale status would rewrite it and reset transition times. One
     * read of the live status avoids both.
     */
    void refreshStatus(KumaProductionProfile profile) {
        try {
            KumaProductionProfile live = kube.client().resources(KumaProductionProfile.class).withName(profile.getMetadata().getName()).get();
            if (live != null) {
                profile.setStatus(live.getStatus());
            }
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read the live status of {}: {}", profile.getMetadata().getName(), e.getMessage());
        }
    }

    /** Only name and status: a status apply must not claim anything else. */
    private static KumaProductionProfile forStatusPatch(KumaProductionProfile profile, KumaProductionProfileStatus status) {
        KumaProductionProfile patch = new KumaProductionProfile();
        patch.setMetadata(new ObjectMetaBuilder().withName(profile.getMetadata().getName()).build());
        patch.setSpec(null);
        patch.setStatus(status);
        return patch;
    }

    static boolean sameStatus(KumaProductionProfileStatus before, KumaProductionProfileStatus after) {
        if (before == null) {
            return false;
        }
        JsonNode a = Serialization.jsonMapper().valueToTree(before);
        JsonNode b = Serialization.jsonMapper().valueToTree(after);
        return a.equals(b);
    }
}
