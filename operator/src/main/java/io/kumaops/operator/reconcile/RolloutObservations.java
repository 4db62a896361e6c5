package io.kumaops.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.observe.KumaObjects;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.plan.ZonePolicyFence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads the multi-phase changes need on top of the cluster observation: the default
 * policies (and canary copies) the profile owns as the API server holds them, the operator's own identity, and
 * whether it may create the zone's fence.
 */
final class RolloutObservations {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutObservations.class);
    /** Kinds of the mesh-wide default policies, whose live specs tell the canary what is live. */

    private final KubeAccess kube;
    private final AtomicReference<String> identity = new AtomicReference<>();

    RolloutObservations(KubeAccess kube) {
        this.kube = kube;
    }

    /**
     * The planner's state plus the owned default policies and, where a zone fence is due, the operator's identity.
     * A failed read of the policies fails the pass: planning a canary without knowing what is live could skip it.
     */
    ClusterFacts complete(ClusterFacts state, KumaProductionProfile profile, KumaObjects objects) {
        Map<String, Map<String, Object>> owned = new LinkedHashMap<>();
        for (String kind : io.kumaops.operator.model.KumaKinds.DEFAULT_POLICY_KINDS) {
            for (GenericKubernetesResource policy : objects.ownedBy(kind, profile.getMetadata().getName())) {
                owned.put(ClusterFacts.policyKey(kind, policy.getMetadata().getName()), KubeAccess.toMap(policy));
            }
        }
        // Objects of other profiles the plan could meet: the one-owner check needs them (a refused read counts as none
        // held; the operator's RBAC grants these reads).
        ClusterFacts completed = io.kumaops.operator.observe.OtherProfilesObjects.completing(state.withOwnedPolicies(owned),
                profile.getMetadata().getName(), profile.getSpec(), objects, kube, refused -> { });
        if (profile.getSpec().controlPlane.role == ControlPlaneRole.Zone
                && completed.servedApis().contains(ZonePolicyFence.SERVED_MARKER)) {
            completed = completed.withOperatorIdentity(identity());
            if (fenceWanted(profile) && !mayCreateAdmissionPolicies()) {
                completed = completed.withDeniedWrites(Set.of(ZonePolicyFence.GROUP + "/" + ZonePolicyFence.RESOURCE));
            }
        }
        return completed;
    }

    private static boolean fenceWanted(KumaProductionProfile profile) {
        var governance = profile.getSpec().controlPlane.zoneGovernance;
        return governance != null && Boolean.TRUE.equals(governance.enabled);
    }

    /**
     * Whether the operator's RBAC lets it create ValidatingAdmissionPolicies (the chart grants it only with
     * zoneGovernance.enabled). Asked on every zone pass, so a grant added or removed by a chart upgrade counts at once;
     * an unanswered review counts as allowed, and a write that is then refused says so itself.
     */
    private boolean mayCreateAdmissionPolicies() {
        try {
            SelfSubjectAccessReview review = kube.client().authorization().v1().selfSubjectAccessReview().create(new SelfSubjectAccessReviewBuilder()
                    .withNewSpec().withNewResourceAttributes().withGroup(ZonePolicyFence.GROUP).withResource(ZonePolicyFence.RESOURCE)
                    .withVerb("create").endResourceAttributes().endSpec().build());
            return review.getStatus() == null || Boolean.TRUE.equals(review.getStatus().getAllowed());
        } catch (KubernetesClientException e) {
            LOG.warn("cannot ask whether the operator may create ValidatingAdmissionPolicies: {}", e.getMessage());
            return true;
        }
    }

    /** Who the API server says the operator is (SelfSubjectReview, GA in 1.28, so wherever the fence's API is served). */
    private String identity() {
        String known = identity.get();
        if (known != null) {
            return known;
        }
        try {
            String url = kube.client().getMasterUrl().toString().replaceAll("/$", "") + "/apis/authentication.k8s.io/v1/selfsubjectreviews";
            String response = kube.client().raw(url, "POST",
                    Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "SelfSubjectReview"));
            JsonNode username = response == null ? null : Serialization.jsonMapper().readTree(response).path("status").path("userInfo").path("username");
            if (username != null && username.isTextual() && !username.asText().isBlank()) {
                identity.set(username.asText());
                return username.asText();
            }
        } catch (KubernetesClientException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("cannot learn the operator's identity from a SelfSubjectReview: {}", e.getMessage());
        }
        return null;
    }
}
