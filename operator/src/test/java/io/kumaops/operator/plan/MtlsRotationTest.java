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
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.KumaReports;
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
    /** A Kong Mesh profile listing ca-1 and ca-2 and enabling ca-2. */
    private static final String ROTATE_TO_CA2 = """
            distribution: KongMesh
            mtls:
              enabled: true
              enabledBackend: ca-2
              backends:
                - {name: ca-1, type: Builtin}
                - {name: ca-2, type: Builtin}
            """;
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

    // ---- judged by Kuma's reports: MeshInsight mTLS.supportedBackends before the switch, issuedBackends before the retirement

    /** Kuma's MeshInsight: {@code online} data planes, per backend those supporting it and those holding a certificate from it. */
    private static KumaReports kuma(long online, Map<String, Long> supported, Map<String, Long> holding, DataplaneInsightDigest names) {
        return new KumaReports(online, online, 0, Map.of(), holding, holding, supported, Map.of(), names);
    }

    /** A DataplaneInsight reading in which {@code dataplanes} (namespace apps) hold a certificate from ca-1 and trust only it. */
    private static DataplaneInsightDigest stillOnCa1(String... dataplanes) {
        var reading = DataplaneInsightDigest.reading(NOW, null, Duration.ofMinutes(5)).watching(List.of("ca-1", "ca-2"));
        for (String name : dataplanes) {
            reading.add("apps", name, Map.of("subscriptions", List.of(Map.of("id", "1", "connectTime", "2026-01-01T00:00:00Z")),
                    "mTLS", Map.of("issuedBackend", "ca-1", "supportedBackends", List.of("ca-1"))));
        }
        return reading.build();
    }

    private static MtlsRotationStatus draining(String retireAfter) {
        MtlsRotationStatus draining = status(MtlsRotationStatus.DRAINING, "ca-1", "ca-2");
        draining.switchedAt = "2026-01-01T00:00:00Z";
        draining.retireAfter = retireAfter;
        return draining;
    }

    @Test
    void theRecordedSwitchWaitsUntilEveryOnlineDataPlaneSupportsTheNewBackend() {
        MtlsRotationStatus recorded = status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2");
        MtlsRotation.Decision lagging = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2), recorded, NOW,
                MtlsRotation.Evidence.kuma(kuma(3, Map.of("ca-1", 3L, "ca-2", 1L), Map.of("ca-1", 3L), stillOnCa1("web-1", "web-2"))));
        assertThat(lagging.mtls()).containsEntry("enabledBackend", "ca-1");
        assertThat(backendNames(lagging.mtls())).containsExactly("ca-1", "ca-2");
        assertThat(lagging.hold().reason()).isEqualTo(ConditionReason.WaitingForCaSupport);
        assertThat(lagging.hold().reason().isGateWait()).as("timed and passable by hand like every gate").isTrue();
        assertThat(lagging.hold().message()).contains("2 of 3 online data planes do not support ca-2 yet: apps/web-1, apps/web-2");
        assertThat(lagging.status().phase).as("the rotation stays recorded while it waits").isEqualTo(MtlsRotationStatus.SWITCHING);

        MtlsRotation.Decision supported = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2), recorded, NOW,
                MtlsRotation.Evidence.kuma(kuma(3, Map.of("ca-1", 3L, "ca-2", 3L), Map.of("ca-1", 3L), null)));
        assertThat(supported.mtls()).containsEntry("enabledBackend", "ca-2");
        assertThat(supported.hold().reason()).isEqualTo(ConditionReason.MtlsRotationSwitching);
    }

    @Test
    void withoutKumasReportTheSwitchWaitsAndTheRecordingComesFirst() {
        MtlsRotation.Decision silent = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW, MtlsRotation.Evidence.kuma(null));
        assertThat(silent.mtls()).containsEntry("enabledBackend", "ca-1");
        assertThat(silent.hold().reason()).isEqualTo(ConditionReason.WaitingForCaSupport);
        assertThat(silent.hold().message()).contains("no MeshInsight");
        MtlsRotation.Decision unrecorded = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2), null, NOW,
                MtlsRotation.Evidence.kuma(kuma(3, Map.of("ca-2", 3L), Map.of(), null)));
        assertThat(unrecorded.hold().reason()).as("supported or not, the status records the rotation before the switch")
                .isEqualTo(ConditionReason.MtlsRotationRecording);
    }

    @Test
    void theObservedSwitchStartsTheDrainAndNothingRetiresInThatPass() {
        MtlsRotation.Decision switched = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW, MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of(), null)));
        assertThat(switched.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(switched.status().switchedAt).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(switched.status().retireAfter).as("the bound: ca-1's 24h validity").isEqualTo("2026-01-02T00:00:00Z");
        assertThat(backendNames(switched.mtls())).as("this pass's report may predate the switch").containsExactly("ca-2", "ca-1");
    }

    @Test
    void theOldBackendGoesOnceNoDataPlaneHoldsItsCertificateAndNotBecauseOfTheClock() {
        MtlsRotation.Decision held = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), NOW,
                MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of("ca-1", 1L, "ca-2", 2L), stillOnCa1("api-1"))));
        assertThat(backendNames(held.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(held.hold().reason()).isEqualTo(ConditionReason.WaitingForCaDrain);
        assertThat(held.hold().message()).contains("1 of 3 data planes still hold certificates from ca-1: apps/api-1");
        assertThat(held.warning()).as("within ca-1's validity").isNull();
        assertThat(held.reviewAt()).as("when the bound passes").isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));

        MtlsRotation.Decision drained = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), NOW, MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of("ca-2", 3L), null)));
        assertThat(backendNames(drained.mtls())).as("long before retireAfter").containsExactly("ca-2");
        assertThat(drained.status().phase).isEqualTo(MtlsRotationStatus.DONE);
        assertThat(drained.hold()).isNull();
    }

    @Test
    void pastTheOldBackendsValidityAHolderWarnsAndTheBackendStillStays() {
        Instant late = Instant.parse("2026-01-02T00:00:00Z");
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), late,
                MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of("ca-1", 1L, "ca-2", 2L), stillOnCa1("api-1"))));
        assertThat(backendNames(decision.mtls())).containsExactly("ca-2", "ca-1");
        assertThat(decision.hold().reason()).isEqualTo(ConditionReason.WaitingForCaDrain);
        assertThat(decision.warning()).isNotNull();
        assertThat(decision.warning().code).isEqualTo(MtlsRotation.OLD_CA_CERTIFICATES_OUTSTANDING);
        assertThat(decision.warning().severity).isEqualTo(Severity.Warning);
        assertThat(decision.warning().message).contains("after its data-plane certificate validity since the switch (2026-01-02T00:00:00Z)")
                .contains("apps/api-1");
        assertThat(decision.blocking()).isNull();
    }

    @Test
    void drainingABackendTheProfileStillListsDoesNotHoldTheStep() {
        MtlsRotation.Decision decision = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), NOW, MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of("ca-1", 1L), null)));
        assertThat(decision.hold()).isNull();
        assertThat(decision.status().phase).isEqualTo(MtlsRotationStatus.DRAINING);
        assertThat(decision.status().message).contains("1 of 3 data planes still hold certificates from ca-1");
    }

    @Test
    void passedByHandTheWaitsGiveWay() {
        MtlsRotation.Decision switched = MtlsRotation.decide("m", "ca-2", List.of(CA1, CA2), mesh("ca-1", CA1, CA2),
                status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2"), NOW, MtlsRotation.Evidence.passedByHand());
        assertThat(switched.mtls()).containsEntry("enabledBackend", "ca-2");
        MtlsRotation.Decision retired = MtlsRotation.decide("m", "ca-2", List.of(CA2), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), NOW, MtlsRotation.Evidence.passedByHand());
        assertThat(backendNames(retired.mtls())).containsExactly("ca-2");
    }

    @Test
    void aSecondRotationWaitsWhileADataPlaneHoldsACertificateFromTheFirstsOldBackend() {
        Map<String, Object> ca3 = backend("ca-3", "24h");
        MtlsRotation.Decision waiting = MtlsRotation.decide("m", "ca-3", List.of(CA2, ca3), mesh("ca-2", CA1, CA2),
                draining("2026-01-02T00:00:00Z"), NOW, MtlsRotation.Evidence.kuma(kuma(3, Map.of(), Map.of("ca-1", 1L), null)));
        assertThat(waiting.mtls()).containsEntry("enabledBackend", "ca-2");
        assertThat(backendNames(waiting.mtls())).containsExactly("ca-2", "ca-3", "ca-1");
        assertThat(waiting.status().message).contains("waits until ca-1 is drained");
    }

    /**
     * Kuma reports {@code online} data planes on ca-1, {@code supportingCa2} of them trusting ca-2, and counts the
     * permission and the default policies, so only the rotation's own waits hold.
     */
    private static KumaReports countingEverything(long online, long supportingCa2) {
        return new KumaReports(online, online, 0, Map.of(), Map.of("ca-1", online), Map.of("ca-1", online),
                Map.of("ca-1", online, "ca-2", supportingCa2),
                Map.of("MeshTrafficPermission", 1L, "MeshTimeout", 10L, "MeshRetry", 10L, "MeshCircuitBreaker", 10L), null);
    }

    /** A Kong Mesh profile rotating ca-1 → ca-2 whose rotation is recorded, Kuma reporting 3 online data planes, 1 supporting ca-2. */
    private static Plan planRecordedSwitch(String annotation, io.kumaops.operator.api.v1alpha1.GateWaitStatus gateWait) {
        KumaProductionProfile profile = fromSpec("m", ROTATE_TO_CA2);
        if (annotation != null) {
            profile.getMetadata().setAnnotations(Map.of(io.kumaops.operator.model.Labels.PASS_GATE, annotation));
        }
        KumaProductionProfileStatus previous = new KumaProductionProfileStatus();
        previous.mtlsRotation = status(MtlsRotationStatus.SWITCHING, "ca-1", "ca-2");
        previous.gateWait = gateWait;
        profile.setStatus(previous);
        ClusterFacts live = new ClusterFacts(Map.of("mtls", mesh("ca-1", CA1, CA2)), Set.of("allow-all-m"), Set.of("policy/v1"),
                ClusterObservation.empty()).withKumaReports(countingEverything(3, 1), 1);
        return new Planner().plan(profile, live, new RolloutSignals(NOW, List.of()));
    }

    @Test
    void thePlannerTimesTheSupportWaitAndLetsItBePassedByHand() {
        PlannedStep waiting = planRecordedSwitch(null, null).step(Step.MTLS).orElseThrow();
        assertThat(waiting.hold().reason()).isEqualTo(ConditionReason.WaitingForCaSupport);
        assertThat(at(waiting.apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-1");
        assertThat(planRecordedSwitch(null, null).tracking().gateWait().step).isEqualTo("3-mtls");

        Plan timedOut = planRecordedSwitch(null, new io.kumaops.operator.api.v1alpha1.GateWaitStatus("3-mtls", "2025-12-31T23:00:00Z"));
        assertThat(timedOut.step(Step.MTLS).orElseThrow().blockedBy()).containsExactly("KumaNotReporting");
        assertThat(timedOut.findings()).filteredOn(f -> f.code.equals("KumaNotReporting")).singleElement()
                .satisfies(f -> assertThat(f.message).contains("2 of 3 online data planes do not support ca-2 yet"));

        Plan passed = planRecordedSwitch("3-mtls: ca-2 trusted by hand on every node", null);
        assertThat(at(passed.step(Step.MTLS).orElseThrow().apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-2");
        assertThat(passed.findings()).filteredOn(f -> f.code.equals("GatePassedByHand")).singleElement()
                .satisfies(f -> assertThat(f.message).contains("do not support ca-2 yet"));
        assertThat(passed.tracking().gatePassed().step).isEqualTo("3-mtls");
    }

    @Test
    void thePlannerHoldsTheMtlsStepDuringAPhaseAndReportsTheRotation() {
        KumaProductionProfile profile = fromSpec("m", ROTATE_TO_CA2);
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
                ClusterObservation.empty()).withKumaReports(countingEverything(2, 2), 1);
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
