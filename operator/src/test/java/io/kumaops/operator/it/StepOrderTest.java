package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order judge the crash tests rely on: it passes a safe rollout and names each write that breaks the order. */
class StepOrderTest {

    private final List<WriteLog.Write> writes = new ArrayList<>();

    @Test
    void aSafeRolloutHasNoViolation() {
        write("ADDED", "Mesh", "m", Step.MESH);
        write("MODIFIED", "Mesh", "m", Step.MESH); // Kuma marks the Mesh: the annotation stays, no step write
        write("ADDED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);
        write("MODIFIED", "Mesh", "m", Step.MTLS);
        write("ADDED", "MeshTimeout", "timeout", Step.DEFAULTS);
        write("ADDED", "MeshTrafficPermission", "m-web", Step.RESTRICT);
        write("DELETED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);

        assertThat(StepOrder.violations(writes)).isEmpty();
        assertThat(StepOrder.stepWrites(writes)).extracting(StepOrder.StepWrite::step).containsExactly(
                Step.MESH, Step.TRAFFIC_PERMISSION, Step.MTLS, Step.DEFAULTS, Step.RESTRICT, Step.RESTRICT);
        assertThat(StepOrder.latestStepBy(writes, 4)).isEqualTo(Step.MTLS);
        assertThat(StepOrder.latestStepBy(writes, 0)).isNull();
    }

    @Test
    void anEarlierStepWrittenAfterALaterOneIsAViolation() {
        write("ADDED", "Mesh", "m", Step.MESH);
        write("MODIFIED", "Mesh", "m", Step.MTLS);
        write("ADDED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);

        assertThat(StepOrder.violations(writes)).singleElement().satisfies(v -> {
            assertThat(v.write().name()).isEqualTo("allow-all-m");
            assertThat(v.reason()).contains("step 2-traffic-permission after step 3-mtls");
        });
    }

    @Test
    void theAllowAllCreatedAgainAfterItsDeletionIsAViolation() {
        write("ADDED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);
        write("ADDED", "MeshTrafficPermission", "m-web", Step.RESTRICT);
        write("DELETED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);
        write("ADDED", "MeshTrafficPermission", "allow-all-m", Step.TRAFFIC_PERMISSION);

        assertThat(StepOrder.violations(writes)).extracting(StepOrder.Violation::reason)
                .containsExactly("created again after the rollout deleted it", "a write of step 2-traffic-permission after step 6-restrict had written");
    }

    private void write(String type, String kind, String name, Step step) {
        Map<String, Object> object = Map.of("metadata", Map.of("name", name, "annotations", Map.of(Labels.STEP, step.id())));
        writes.add(new WriteLog.Write(writes.size() + 1, type, kind, name, object, 0L));
    }
}
