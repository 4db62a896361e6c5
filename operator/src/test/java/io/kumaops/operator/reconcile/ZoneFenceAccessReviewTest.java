package io.kumaops.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.observe.KumaObjects;
import io.kumaops.operator.plan.ZonePolicyFence;
import io.kumaops.operator.support.TestProfiles;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Before a zone pass plans the fence, the operator asks the API server whether its RBAC lets it create one. */
@EnableKubernetesMockClient
class ZoneFenceAccessReviewTest {

    private static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    KubernetesMockServer server;
    KubernetesClient client;

    private ClusterFacts complete(KumaProductionProfile profile, Boolean allowed) {
        String namespace = profile.getSpec().controlPlane.systemNamespace;
        for (String plural : new String[] {"meshtimeouts", "meshretries", "meshcircuitbreakers"}) {
            server.expect().get().withPath("/apis/kuma.io/v1alpha1/namespaces/" + namespace + "/" + plural)
                    .andReturn(200, Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "List", "items", java.util.List.of())).always();
        }
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/selfsubjectreviews")
                .andReturn(201, Map.of("apiVersion", "authentication.k8s.io/v1", "kind", "SelfSubjectReview",
                        "status", Map.of("userInfo", Map.of("username", "system:serviceaccount:kpo:kuma-production-operator")))).always();
        if (allowed != null) {
            server.expect().post().withPath(ACCESS_REVIEWS).andReturn(201, new SelfSubjectAccessReviewBuilder()
                    .withNewStatus().withAllowed(allowed).endStatus().build()).always();
        }
        ClusterFacts served = new ClusterFacts(null, Set.of(), Set.of("admissionregistration.k8s.io/v1", ZonePolicyFence.SERVED_MARKER),
                ClusterObservation.empty());
        return new RolloutObservations(new KubeAccess(client)).complete(served, profile, new KumaObjects(client, namespace));
    }

    private static KumaProductionProfile zone() {
        return TestProfiles.example("multizone-zone.yaml").withDefaultedSpec();
    }

    @Test
    void aRefusedReviewMarksTheFenceDenied() throws Exception {
        ClusterFacts facts = complete(zone(), false);

        assertThat(facts.writeDenied(ZonePolicyFence.GROUP, ZonePolicyFence.RESOURCE)).isTrue();
        assertThat(facts.operatorIdentity()).isEqualTo("system:serviceaccount:kpo:kuma-production-operator");
        String review = null;
        for (var request = server.takeRequest(); request != null; request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (request.getPath().equals(ACCESS_REVIEWS)) {
                review = request.getBody().readUtf8();
            }
        }
        assertThat(review).as("the review asks exactly for create validatingadmissionpolicies, cluster-wide")
                .contains("\"group\":\"admissionregistration.k8s.io\"").contains("\"resource\":\"validatingadmissionpolicies\"")
                .contains("\"verb\":\"create\"").doesNotContain("namespace");
    }

    @Test
    void anAllowedOrUnansweredReviewLeavesTheFenceToBeWritten() {
        assertThat(complete(zone(), true).deniedWrites()).isEmpty();
        // No expectation: the mock answers 404, and a write that is then refused says so itself.
        assertThat(complete(zone(), null).deniedWrites()).isEmpty();
    }

    @Test
    void noReviewWhenTheProfileWantsNoFence() {
        KumaProductionProfile unfenced = zone();
        unfenced.getSpec().controlPlane.zoneGovernance.enabled = false;

        assertThat(complete(unfenced, false).deniedWrites()).isEmpty();
    }
}
