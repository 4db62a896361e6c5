package io.kumaops.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionWarning;
import io.kumaops.operator.admission.FieldPath;
import io.kumaops.operator.admission.KindValidator;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.admission.ValidationErrors;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.support.TestProfiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An object Kuma would refuse blocks its whole step before anything of it is written; the other steps go on. */
class KumaAdmissionGateTest {

    /** Refuses every MeshRetry, the way Kuma's validator refuses a bad one, and records what it was asked. */
    private static final class RefusingRetries implements KindValidator {
        final List<AdmissionRequest> seen = new ArrayList<>();

        @Override
        public String kind() {
            return "MeshRetry";
        }

        @Override
        public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
            seen.add(request);
            errors.addViolation(FieldPath.rootedAt("spec").field("to").index(0).field("default"), "must not be empty");
        }
    }

    @Test
    void aRefusedObjectBlocksItsStepWithKumasFieldAndMessage() {
        RefusingRetries retries = new RefusingRetries();
        Planner planner = new Planner(new KumaAdmission(List.of(retries)));
        Plan plan = planner.plan(TestProfiles.example("production.yaml"));

        PlannedStep defaults = plan.step(Step.DEFAULTS).orElseThrow();
        assertThat(defaults.apply()).as("nothing of the refused step is written").isEmpty();
        assertThat(defaults.delete()).isEmpty();
        assertThat(defaults.blockedBy()).containsExactly(Planner.KUMA_WOULD_REFUSE);
        assertThat(plan.findings()).filteredOn(f -> f.code.equals(Planner.KUMA_WOULD_REFUSE)).singleElement().satisfies(f -> {
            assertThat(f.path).isEqualTo("MeshRetry kuma-system/kumaops-retry-payments spec.to[0].default");
            assertThat(f.message).contains("Kuma 2.14 would refuse MeshRetry kuma-system/kumaops-retry-payments")
                    .contains("spec.to[0].default: must not be empty");
        });
        assertThat(plan.step(Step.MESH).orElseThrow().apply()).as("steps Kuma admits are planned as before").isNotEmpty();
        assertThat(retries.seen).singleElement().satisfies(request ->
                assertThat(request.target().systemNamespace()).isEqualTo("kuma-system"));
    }

    @Test
    void theStandardAdmissionAdmitsEveryExample() {
        Planner planner = new Planner();
        for (String example : List.of("production.yaml", "minimal.yaml", "multizone-global.yaml", "multizone-zone.yaml",
                "gke-autopilot.yaml", "argocd-rollouts.yaml", "universal-postgres.yaml")) {
            Plan plan = planner.plan(TestProfiles.example(example));
            assertThat(plan.findings()).as("findings of %s", example)
                    .noneMatch(f -> f.code.equals(Planner.KUMA_WOULD_REFUSE));
        }
    }
}
