package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.Step;
import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two-phase CA rotation, decided from the observed Mesh, the previous status and the time. */
class MtlsRotationTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Map<String, Object> backend(String name, String validity) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("type", "builtin");
        entry.put("mode", "STRICT");
        entry.put("dpCert", Map.of("rotation", Map.of("expiration", validity)));
        return entry;
    }

    private static Map<String, Object> mesh(String enabled, Map<String, Object>... backends) {
        Map<String, Object> mtls = new LinkedHashMap<>();
        mtls.put("enabledBackend", enabled);
        mtls.put("backends", List.of(backends));
        return mtls;
    }

    private static MtlsRotationStatus status(String phase, String from, String to) {
        MtlsRotationStatus status = new MtlsRotationStatus();
        status.phase = phase;
        status.fromBackend = from;
        status.toBackend = to;
        return status;
    }

    @SuppressWarnings("unchecked")
    private static List<String> backendNames(Map<String, Object> mtls) {
        return ((List<Map<String, Object>>) mtls.get("backends")).stream().map(b -> (String) b.get("name")).toList();
    }

    private static final Map<String, Object> CA1 = backend("ca-1", "24h");
    private static final Map<String, Object> CA2 = backend("ca-2", "1h");

    @Test
    void firstEnablementNeedsNoPhases() {
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-1", List.of(CA1, CA2), null, null, NOW);
        assertThat(decision.mtls()).containsEntry("enabledBackend", "ca-1");
        assertThat(backendNames(decision.mtls())).containsExactly("ca-1", "ca-2");
        assertThat(decision.hold()).isNull();
        assertThat(decision.status()).isNull();
    }

    @Test
    void phaseOneAddsTheNewBackendWhileTheOldStaysEnabled() {
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1), null, NOW);
        assertThat(decision.mtls()).containsEntry("enabledBackend", "ca-1");
        assertThat(backendNames(decision.mtls())).containsExactly("ca-1", "ca-2");
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.ADDING_BACKEND);
        assertThat(decision.status().fromBackend).isEqualTo("ca-1");
        assertThat(decision.status().toBackend).isEqualTo("ca-2");
        assertThat(decision.hold().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.MtlsRotationAddingBackend);
    }

    @Test
    void theSwitchWaitsUntilTheRotationIsRecordedInStatus() {
        // ca-2 is observed, but no status records the rotation (e.g. a crash lost it): record first, switch next pass.
        MtlsRotation.Decision unrecorded = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2), null, NOW);
        assertThat(unrecorded.mtls()).containsEntry("enabledBackend", "ca-1");
        assertThat(unrecorded.status().phase).isEqualTo(MtlsRotationStatus.SWITCHING);
        assertThat(unrecorded.hold().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.MtlsRotationRecording);

        MtlsRotation.Decision recorded = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2),
                status(MtlsRotationStatus.ADDING_BACKEND, "ca-1", "ca-2"), NOW);
        assertThat(recorded.mtls()).containsEntry("enabledBackend", "ca-2");
        assertThat(backendNames(recorded.mtls())).containsExactly("ca-1", "ca-2");
        assertThat(recorded.status().phase).isEqualTo(MtlsRotationStatus.SWITCHING);
        assertThat(recorded.hold().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.MtlsRotationSwitching);
    }

    @Test
    void theOldBackendDrainsForItsValidityInKumasDurationFormat() {
        // "30d" is a Kuma duration (mesh_helpers.go ParseDuration), not a Go one: it must not fall back to 24h.
        Map<String, Object> monthLong = backend("ca-1", "30d");
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", monthLong, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW);
        assertThat(decision.status().retireAfter).isEqualTo("2026-01-31T00:00:00Z");
    }

    @Test
    void anObservedSwitchStartsDrainingForTheOldBackendsCertificateValidity() {
        // The profile already dropped ca-1: it stays in the Mesh anyway until its certificates (24h) have expired.
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW);
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(decision.status().switchedAt).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(decision.status().retireAfter).isEqualTo("2026-01-02T00:00:00Z");
        assertThat(decision.status().message).contains("ca-1 stays in mesh m until 2026-01-02T00:00:00Z");
        assertThat(backendNames(decision.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(decision.reviewAt()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(decision.hold()).isNull();
    }

    @Test
    void theOldBackendGoesOnlyOnceRetireAfterHasPassed() {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.switchedAt = "2026-01-01T00:00:00Z";
        draining.retireAfter = "2026-01-02T00:00:00Z";

        MtlsRotation.Decision early = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2), draining,
                Instant.parse("2026-01-01T23:59:59Z"));
        assertThat(backendNames(early.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(early.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(early.status().retireAfter).isEqualTo(draining.retireAfter);

        MtlsRotation.Decision due = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2), draining,
                Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(backendNames(due.mtls())).containsExactly("ca-2");
        assertThat(due.status().phase).isEqualTo(MtlsRotationStatus.DONE);
        assertThat(due.status().switchedAt).isEqualTo(draining.switchedAt);
        assertThat(due.reviewAt()).isNull();
    }

    @Test
    void aBackendTheProfileStillListsStaysAfterTheRotation() {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.retireAfter = "2026-01-01T00:00:00Z";
        MtlsRotation.Decision done = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-2", CA1, CA2), draining, NOW);
        assertThat(backendNames(done.mtls())).containsExactly("ca-1", "ca-2");
        assertThat(done.status().phase).isEqualTo(MtlsRotationStatus.DONE);
        assertThat(done.status().message).contains("ca-1 stays in mesh m because the profile lists it");
    }

    @Test
    void dataPlaneValidityComesFromTheLiveMeshWhenTheProfileDroppedTheBackend() {
        Map<String, Object> oldTwoHours = backend("ca-1", "2h");
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", oldTwoHours, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW);
        assertThat(decision.status().retireAfter).isEqualTo("2026-01-01T02:00:00Z");
    }

    @Test
    void droppingTheEnabledBackendIsABlockingFindingNotAnAction() {
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-1", CA1), null, NOW);
        assertThat(decision.mtls()).isNull();
        assertThat(decision.blocking().code).isEqualTo(MtlsRotation.ENABLED_BACKEND_REMOVED);
        assertThat(decision.blocking().severity).isEqualTo(Severity.Error);
        assertThat(decision.blocking().message).contains("backend ca-1 is enabled on the live mesh m");
        assertThat(decision.blocking().docsUrl).isEqualTo(io.kumaops.operator.model.DocsLinks.finding("EnabledBackendRemoved")).endsWith("findings.md#enabledbackendremoved");
    }

    @Test
    void aProfileWithoutStatusKeepsUnlistedBackendsForTheirValidity() {
        // Status lost or a new profile on a live mesh: when ca-1 last issued certificates is unknown.
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2), null, NOW);
        assertThat(backendNames(decision.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(decision.status().fromBackend).isEqualTo("ca-1");
        assertThat(decision.status().retireAfter).isEqualTo("2026-01-02T00:00:00Z");
    }

    @Test
    void aSecondRotationWaitsUntilTheFirstHasDrained() {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.retireAfter = "2026-01-01T12:00:00Z";
        Map<String, Object> ca3 = backend("ca-3", "24h");
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-3", List.of(CA2, ca3), mesh("ca-2", CA1, CA2), draining, NOW);
        assertThat(decision.mtls()).containsEntry("enabledBackend", "ca-2");
        assertThat(backendNames(decision.mtls())).containsExactly("ca-2", "ca-3", "ca-1");
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(decision.status().message).contains("waits until ca-1 retires at 2026-01-01T12:00:00Z");
        assertThat(decision.reviewAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        assertThat(decision.hold()).isNull();
    }

    @Test
    void switchingBackDuringTheDrainIsAllowedBecauseTheOldBackendIsStillTrusted() {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.retireAfter = "2026-01-01T12:00:00Z";
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-1", List.of(CA1, CA2), mesh("ca-2", CA1, CA2), draining, NOW);
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.SWITCHING);
        assertThat(decision.status().fromBackend).isEqualTo("ca-2");
        assertThat(decision.status().toBackend).isEqualTo("ca-1");
    }

    @Test
    void aRotationRevertedBeforeTheSwitchIsCancelled() {
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-1", List.of(CA1), mesh("ca-1", CA1, CA2),
                status(MtlsRotationStatus.ADDING_BACKEND, "ca-1", "ca-2"), NOW);
        assertThat(backendNames(decision.mtls())).containsExactly("ca-1");
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.DONE);
        assertThat(decision.status().message).contains("cancelled before the switch");
    }

    @Test
    void aGarbledRetireTimeRestartsTheWaitInsteadOfRetiringEarly() {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.retireAfter = "yesterday";
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2), draining, NOW);
        assertThat(backendNames(decision.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(decision.status().retireAfter).isEqualTo("2026-01-02T00:00:00Z");
    }

    @Test
    void theEnabledBackendIsNeverLeftOutOfTheMesh() {
        List<String> phases = new ArrayList<>();
        phases.add(null);
        phases.addAll(List.of(MtlsRotationStatus.ADDING_BACKEND, MtlsRotationStatus.SWITCHING, MtlsRotationStatus.DRAINING,
                MtlsRotationStatus.DONE));
        List<List<Map<String, Object>>> specs = List.of(List.of(CA1), List.of(CA2), List.of(CA1, CA2));
        List<Map<String, Object>> meshes = List.of(mesh("ca-1", CA1), mesh("ca-1", CA1, CA2), mesh("ca-2", CA2), mesh("ca-2", CA1, CA2));
        for (String phase : phases) {
            for (List<Map<String, Object>> spec : specs) {
                for (String desired : List.of("ca-1", "ca-2")) {
                    for (Map<String, Object> live : meshes) {
                        for (Duration elapsed : List.of(Duration.ZERO, Duration.ofDays(2))) {
                            MtlsRotationStatus previous = phase == null ? null : status(phase, "ca-1", "ca-2");
                            if (previous != null) {
                                previous.retireAfter = "2026-01-02T00:00:00Z";
                            }
                            MtlsRotation.Decision decision = MtlsRotation.decide("m", desired, spec, live, previous, NOW.plus(elapsed));
                            if (decision.mtls() != null) {
                                assertThat(backendNames(decision.mtls())).as("phase %s spec %s desired %s live %s", phase, spec, desired, live)
                                        .contains((String) live.get("enabledBackend"));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void thePlannerHoldsTheMtlsStepDuringAPhaseAndReportsTheRotation() {
        KumaProductionProfile profile = fromSpec("m", """
                distribution: KongMesh
                mtls:
                  enabled: true
                  enabledBackend: ca-2
                  backends:
                    - {name: ca-1, type: Builtin}
                    - {name: ca-2, type: Builtin}
                """);
        ClusterFacts live = new ClusterFacts(Map.of("mtls", mesh("ca-1", CA1)), Set.of("allow-all-m"), Set.of("policy/v1"),
                ClusterObservation.empty());
        Plan plan = new Planner().plan(profile, live, new RolloutSignals(NOW, List.of()));
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.hold()).isNotNull();
        assertThat(mtls.apply()).singleElement().satisfies(mesh -> assertThat(at(mesh.spec(), "mtls.enabledBackend")).isEqualTo("ca-1"));
        assertThat(plan.tracking().rotation().phase).isEqualTo(MtlsRotationStatus.ADDING_BACKEND);
        // Step 1 re-applies the live mTLS as it is: it never switches anything itself.
        assertThat(plan.step(Step.MESH).orElseThrow().apply().get(0).spec().get("mtls")).isEqualTo(mesh("ca-1", CA1));

        KumaProductionProfileStatus previous = new KumaProductionProfileStatus();
        previous.mtlsRotation = plan.tracking().rotation();
        profile.setStatus(previous);
        ClusterFacts added = new ClusterFacts(Map.of("mtls", mesh("ca-1", CA1, CA2)), Set.of("allow-all-m"), Set.of("policy/v1"),
                ClusterObservation.empty());
        Plan next = new Planner().plan(profile, added, new RolloutSignals(NOW, List.of()));
        assertThat(at(next.step(Step.MTLS).orElseThrow().apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-2");
        assertThat(next.tracking().rotation().phase).isEqualTo(MtlsRotationStatus.SWITCHING);
    }

    @Test
    void thePlannerBlocksTheMtlsStepWhenTheProfileDropsTheEnabledBackend() {
        KumaProductionProfile profile = fromSpec("m", """
                distribution: KongMesh
                mtls:
                  enabled: true
                  enabledBackend: ca-2
                  backends:
                    - {name: ca-2, type: Builtin}
                """);
        ClusterFacts live = new ClusterFacts(Map.of("mtls", mesh("ca-1", CA1)), Set.of(), Set.of("policy/v1"), ClusterObservation.empty());
        Plan plan = new Planner().plan(profile, live, new RolloutSignals(NOW, List.of()));
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.blockedBy()).containsExactly(MtlsRotation.ENABLED_BACKEND_REMOVED);
        assertThat(mtls.apply()).isEmpty();
        assertThat(plan.findings()).extracting(f -> f.code).contains(MtlsRotation.ENABLED_BACKEND_REMOVED);
    }

    @Test
    void backendNamesAreComparedExactlyForTheMesh() {
        Map<String, Object> desired = Map.of("spec", Map.of("mtls", mesh("ca-2", CA2)));
        assertThat(MtlsRotation.backendNamesDiffer(desired, Map.of("spec", Map.of("mtls", mesh("ca-2", CA1, CA2))))).isTrue();
        assertThat(MtlsRotation.backendNamesDiffer(desired, Map.of("spec", Map.of("mtls", mesh("ca-2", CA2))))).isFalse();
        assertThat(MtlsRotation.backendNamesDiffer(Map.of("spec", Map.of()), Map.of("spec", Map.of("mtls", mesh("ca-2", CA2))))).isFalse();
    }
}
