package io.kumaops.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.support.TestProfiles;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnedObjectExpectationsTest {

    private final KumaProductionProfile profile = TestProfiles.example("minimal.yaml");
    private final Plan plan = new Planner().plan(profile);
    private final OwnedObjectExpectations expectations = new OwnedObjectExpectations();

    @Test
    void theEchoOfAnApplyIsNoDriftButAChangedObjectIs() {
        expectations.passStarting(profile.getMetadata().getName(), plan);
        expectations.passEnded(profile.getMetadata().getName());
        DesiredResource patch = only(Step.DEFAULTS, "ContainerPatch");

        assertThat(expectations.inPlace(asStored(patch.body()))).isTrue();

        GenericKubernetesResource drifted = asStored(patch.body());
        Map<String, Object> spec = new LinkedHashMap<>(castMap(drifted.getAdditionalProperties().get("spec")));
        spec.put("sidecarPatch", java.util.List.of());
        drifted.getAdditionalProperties().put("spec", spec);
        assertThat(expectations.inPlace(drifted)).as("someone emptied the patch").isFalse();
    }

    @Test
    void theMeshOfStepOneCountsAsAnEchoOnlyWhileItsPassRuns() {
        String name = profile.getMetadata().getName();
        DesiredResource meshWithoutMtls = only(Step.MESH, "Mesh");
        DesiredResource meshWithMtls = only(Step.MTLS, "Mesh");

        expectations.passStarting(name, plan);
        assertThat(expectations.inPlace(asStored(meshWithoutMtls.body()))).as("step 1's write, echoed during the pass").isTrue();
        assertThat(expectations.inPlace(asStored(meshWithMtls.body()))).isTrue();

        expectations.passEnded(name);
        assertThat(expectations.inPlace(asStored(meshWithoutMtls.body())))
                .as("after the pass, a Mesh without mTLS is drift the next pass must see").isFalse();
        assertThat(expectations.inPlace(asStored(meshWithMtls.body()))).isTrue();
    }

    @Test
    void objectsOfUnknownProfilesOrForgottenOnesAlwaysWake() {
        DesiredResource patch = only(Step.DEFAULTS, "ContainerPatch");
        assertThat(expectations.inPlace(asStored(patch.body()))).as("no plan recorded yet (operator start)").isFalse();

        expectations.passStarting(profile.getMetadata().getName(), plan);
        expectations.forget(profile.getMetadata().getName());
        assertThat(expectations.inPlace(asStored(patch.body()))).isFalse();
    }

    private DesiredResource only(Step step, String kind) {
        return plan.resources().stream().filter(r -> r.step() == step && r.ref().kind().equals(kind)).findFirst().orElseThrow();
    }

    /** The body as the API server would hand it back, with the server's own metadata added. */
    private static GenericKubernetesResource asStored(Map<String, Object> body) {
        GenericKubernetesResource stored = Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class);
        stored.getMetadata().setResourceVersion("42");
        stored.getMetadata().setUid("0b5c3c1e-0000-4000-8000-000000000001");
        return stored;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }
}
