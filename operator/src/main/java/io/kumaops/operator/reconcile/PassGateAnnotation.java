package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kumaops.operator.api.v1alpha1.GatePassStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.plan.Plan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The break-glass annotation is for one gate: once the step it let through is in place, the operator removes it. */
final class PassGateAnnotation {

    private static final Logger LOG = LoggerFactory.getLogger(PassGateAnnotation.class);
    /** JSON Pointer of the annotation: '/' in the key is written "~1" (RFC 6901). */
    private static final String POINTER = "/metadata/annotations/" + Labels.PASS_GATE.replace("~", "~0").replace("/", "~1");

    private final KubeAccess kube;

    PassGateAnnotation(KubeAccess kube) {
        this.kube = kube;
    }

    void clearOnceUsed(KumaProductionProfile profile, Plan plan, RolloutProgress progress) {
        GatePassStatus passed = plan.tracking().gatePassed();
        if (passed == null || progress.completed().stream().noneMatch(step -> step.id().equals(passed.step))) {
            return;
        }
        String name = profile.getMetadata().getName();
        try {
            kube.client().resources(KumaProductionProfile.class).withName(name).patch(PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"test\",\"path\":\"" + POINTER + "\",\"value\":" + quoted(profile) + "},"
                            + "{\"op\":\"remove\",\"path\":\"" + POINTER + "\"}]");
            LOG.info("profile {}: step {} passed its gate by hand and is in place; annotation {} removed", name, passed.step, Labels.PASS_GATE);
        } catch (KubernetesClientException e) {
            // Changed or removed meanwhile (the test op failed): whoever changed it decides; the next pass reads it anew.
            LOG.info("profile {}: annotation {} not removed: {}", name, Labels.PASS_GATE, e.getMessage());
        }
    }

    private static String quoted(KumaProductionProfile profile) {
        String value = profile.getMetadata().getAnnotations().get(Labels.PASS_GATE);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
