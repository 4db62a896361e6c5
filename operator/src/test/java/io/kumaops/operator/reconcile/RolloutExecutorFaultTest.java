package io.kumaops.operator.reconcile;

import io.kumaops.operator.model.RolloutProgress;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.support.TestProfiles;
import org.junit.jupiter.api.Test;

/**
 * Faults a real API server will not produce on demand — a conflicting field manager, a server error, a
 * forbidden write, a rejected object — injected with the mock server: each stops the rollout at the step it hit,
 * with a reason, and nothing after it is written.
 */
@EnableKubernetesMockClient
class RolloutExecutorFaultTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private RolloutProgress runWithMeshPatchFailing(int code, String message) {
        return runWithMeshPatchFailing(new StatusBuilder().withCode(code).withMessage(message).withReason("Conflict").build());
    }

    private RolloutProgress runWithMeshPatchFailing(io.fabric8.kubernetes.api.model.Status status) {
        int code = status.getCode();
        KumaProductionProfile profile = TestProfiles.fromSpec("faulty", """
                mtls:
                  enabled: true
                  enabledBackend: ca-1
                  backends: [{name: ca-1, type: Builtin}]
                """);
        server.expect().get().withPath("/apis/kuma.io/v1alpha1/meshes/faulty").andReturn(404, notFound()).always();
        server.expect().patch().withPath("/apis/kuma.io/v1alpha1/meshes/faulty?fieldManager=kuma-production-operator")
                .andReturn(code, status).always();
        Plan plan = new Planner().plan(profile);
        // The client retries server errors itself; one retry keeps the test short.
        KubernetesClient impatient = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(1)
                        .withRequestRetryBackoffInterval(10).build()).build();
        return new RolloutExecutor(new KubeAccess(impatient), RolloutHooks.NONE, false)
                .run(profile, plan, FindingEngine.standard().evaluate(RuleContext.offline(profile)));
    }

    private java.util.List<String> requestedPaths() {
        java.util.List<String> paths = new java.util.ArrayList<>();
        try {
            for (var request = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS); request != null;
                 request = server.takeRequest(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                paths.add(request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return paths;
    }

    private static io.fabric8.kubernetes.api.model.Status notFound() {
        return new StatusBuilder().withCode(404).withReason("NotFound").withMessage("not found").build();
    }

    @Test
    void aConflictingFieldManagerIsReportedNotForced() {
        // As the API server words it: the message, and each contested field as a cause of type FieldManagerConflict.
        RolloutProgress progress = runWithMeshPatchFailing(new StatusBuilder().withCode(409).withReason("Conflict")
                .withMessage("Apply failed with 1 conflict: conflict with \"helm\" using kuma.io/v1alpha1: .spec.mtls")
                .withNewDetails().addNewCause().withReason("FieldManagerConflict").withField(".spec.mtls")
                .withMessage("conflict with \"helm\" using kuma.io/v1alpha1").endCause().endDetails().build());
        assertThat(progress.outcome()).isEqualTo(Outcome.Failed);
        assertThat(progress.reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.FieldConflict);
        assertThat(progress.current()).isEqualTo(Step.MESH);
        assertThat(progress.message()).contains("helm").contains("forceOwnership");
        assertThat(progress.completed()).containsExactly(Step.CONTROL_PLANE);
        assertThat(progress.writes()).isZero();
    }

    @Test
    void aConflictWithoutAFieldManagerIsTransientNotAnOwnershipProblem() {
        // The object changed between the operator's read and its write: nothing to hand over, the next pass writes again.
        RolloutProgress progress = runWithMeshPatchFailing(409, "Operation cannot be fulfilled on meshes.kuma.io \"faulty\": the object"
                + " has been modified; please apply your changes to the latest version and try again");
        assertThat(progress.outcome()).isEqualTo(Outcome.Failed);
        assertThat(progress.reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.ApplyFailed);
        assertThat(progress.current()).isEqualTo(Step.MESH);
        assertThat(progress.message()).contains("the object has been modified").doesNotContain("forceOwnership").doesNotContain("field manager");
    }

    @Test
    void aServerErrorStopsAtTheStepItHit() {
        RolloutProgress progress = runWithMeshPatchFailing(500, "etcdserver: request timed out");
        assertThat(progress.outcome()).isEqualTo(Outcome.Failed);
        assertThat(progress.reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.ApplyFailed);
        assertThat(progress.message()).contains("etcdserver: request timed out");
        assertThat(requestedPaths()).as("nothing after the failing step").noneMatch(path -> path.contains("meshtrafficpermissions"));
    }

    @Test
    void forbiddenAndRejectedWritesHaveTheirOwnReasons() {
        assertThat(runWithMeshPatchFailing(403, "meshes.kuma.io is forbidden").reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.Forbidden);
    }

    @Test
    void rejectedObjectsAreNamed() {
        RolloutProgress progress = runWithMeshPatchFailing(422, "Mesh.kuma.io \"faulty\" is invalid: spec.mtls: bad");
        assertThat(progress.reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.Rejected);
        assertThat(progress.message()).contains("Mesh faulty");
    }

    /**
     * The walk judges objects from what the pass already listed: every object listed in place costs neither a read
     * nor a write; what the lists do not cover (here every deletion) is still read live.
     */
    @Test
    void objectsThePassListedInPlaceAreNeitherReadNorWritten() {
        KumaProductionProfile profile = TestProfiles.fromSpec("listed", "");
        Plan plan = new Planner().plan(profile);
        java.util.Map<io.kumaops.operator.model.ResourceRef, java.util.Map<String, Object>> inPlace = new java.util.HashMap<>();
        plan.steps().forEach(step -> step.apply().forEach(desired -> inPlace.put(desired.ref(), desired.body())));
        assertThat(inPlace).isNotEmpty();
        RolloutProgress progress = new RolloutExecutor(new KubeAccess(client), RolloutHooks.NONE, false).run(profile, plan,
                FindingEngine.standard().evaluate(RuleContext.offline(profile)),
                ref -> inPlace.containsKey(ref) ? java.util.Optional.of(java.util.Optional.of(inPlace.get(ref))) : java.util.Optional.empty());
        assertThat(progress.outcome()).as(progress.message()).isEqualTo(Outcome.Done);
        assertThat(progress.writes()).isZero();
        java.util.List<String> paths = requestedPaths();
        for (io.kumaops.operator.model.ResourceRef ref : inPlace.keySet()) {
            assertThat(paths).as("no request for " + ref).noneMatch(path -> path.contains("/" + ref.name()));
        }
    }
}
