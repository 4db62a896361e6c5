package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.get;
import static io.kumaops.operator.it.ItSupport.isolate;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static io.kumaops.operator.it.PhasedRolloutSupport.awaitTrue;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.it.PhasedRolloutSupport.Event;
import io.kumaops.operator.it.PhasedRolloutSupport.EventLog;
import io.kumaops.operator.it.PhasedRolloutSupport.MutableClock;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.standin.KumaStandIn;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CA rotation on the real API server: the new backend is added while the old stays enabled, the switch follows
 * once it is observed and recorded, and the old backend leaves the Mesh only after its data-plane certificate
 * validity has passed on the operator's clock — also when the operator dies in the middle. Rotating between
 * backends is Kong Mesh's (open-source Kuma admits one backend and no switch under mTLS), so the profiles say
 * {@code distribution: KongMesh} and the Kuma stand-in judges as Kong Mesh for this class.
 */
class MtlsRotationIT {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static KumaStandIn.Scope kongMesh;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
        AdmissionTarget kuma = cluster.standIn().target();
        kongMesh = cluster.standIn().judgeAs(new AdmissionTarget(Distribution.KongMesh, kuma.version(), kuma.systemNamespace(), kuma.role()));
    }

    @AfterAll
    static void judgeAsKumaAgain() {
        kongMesh.close();
    }

    private static KumaProductionProfile profile(String name, String enabled, String... backends) {
        // CA rotation between backends is Kong Mesh's: open-source Kuma admits one backend and no switch under mTLS.
        StringBuilder spec = new StringBuilder("distribution: KongMesh\nmtls:\n  enabled: true\n  enabledBackend: " + enabled + "\n  backends:\n");
        for (String backend : backends) {
            // ca-1's certificates live one hour: that is how long it must stay after the switch.
            spec.append("    - {name: ").append(backend).append(", type: Builtin, dpCertValidity: ")
                    .append(backend.equals("ca-1") ? "1h" : "24h").append("}\n");
        }
        return isolate(client, TestProfiles.fromSpec(name, spec.toString()), name);
    }

    private static EventLog log(String name) {
        return EventLog.start(client, e -> !e.kind().equals("Mesh") || e.name().equals(name), EventLog.kuma("Mesh"));
    }

    private static Map<String, Object> liveMesh(String name) {
        return client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get().getAdditionalProperties();
    }

    @SuppressWarnings("unchecked")
    private static List<String> liveBackends(String name) {
        Map<String, Object> mtls = (Map<String, Object>) ((Map<String, Object>) liveMesh(name).get("spec")).get("mtls");
        return ((List<Map<String, Object>>) mtls.get("backends")).stream().map(b -> (String) b.get("name")).toList();
    }

    private static MtlsRotationStatus rotation(String name) {
        KumaProductionProfile profile = get(client, name);
        return profile == null || profile.getStatus() == null ? null : profile.getStatus().mtlsRotation;
    }

    private static KumaProductionProfile awaitRotation(String name, String phase) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().mtlsRotation != null
                && phase.equals(p.getStatus().mtlsRotation.phase));
    }

    /** Revision of the first Mesh write that enables {@code backend}. */
    private static long switchTo(EventLog log, String name, String backend) {
        return log.first(e -> e.is("Mesh", name) && backend.equals(e.enabledBackend()));
    }

    @Test
    void rotatesInTwoPhasesAndRetiresTheOldBackendOnlyAfterItsCertificateValidity() {
        String name = TestCluster.uniqueName("rotate");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, "ca-1", "ca-1"));
            awaitPhase(client, name, Phase.Ready);
            assertThat(rotation(name)).as("enabling mTLS the first time is no rotation").isNull();

            apply(client, profile(name, "ca-2", "ca-1", "ca-2"));
            KumaProductionProfile draining = awaitRotation(name, MtlsRotationStatus.DRAINING);
            MtlsRotationStatus status = draining.getStatus().mtlsRotation;
            assertThat(status.fromBackend).isEqualTo("ca-1");
            assertThat(status.toBackend).isEqualTo("ca-2");
            assertThat(status.switchedAt).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(status.retireAfter).as("ca-1's dpCertValidity after the switch").isEqualTo("2026-01-01T01:00:00Z");
            assertThat(log.statusSequence(name, "mtlsRotation", "phase")).as("status went through every phase")
                    .containsExactly("AddingBackend", "Switching", "Draining");

            List<Event> meshWrites = log.ordered(e -> e.is("Mesh", name));
            Event added = meshWrites.stream().filter(e -> e.meshBackends().contains("ca-2")).findFirst().orElseThrow();
            assertThat(added.enabledBackend()).as("phase 1 adds ca-2 while ca-1 stays enabled").isEqualTo("ca-1");
            assertThat(added.meshBackends()).containsExactly("ca-1", "ca-2");
            long switched = switchTo(log, name, "ca-2");
            assertThat(switched).as("the switch comes after the add was observed").isGreaterThan(added.revision());
            assertThat(log.firstStatus(name, "ca-2", "mtlsRotation", "toBackend"))
                    .as("the rotation (from ca-1 to ca-2) is recorded in status before the switch").isLessThan(switched);

            // The profile drops ca-1 while it drains: the Mesh keeps it until retireAfter.
            apply(client, profile(name, "ca-2", "ca-2"));
            awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
            clock.advance(Duration.ofMinutes(59));
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(liveBackends(name)).containsExactlyInAnyOrder("ca-1", "ca-2");
            assertThat(rotation(name).phase).isEqualTo(MtlsRotationStatus.DRAINING);
            assertThat(condition(get(client, name), "Ready").orElseThrow().getStatus()).as("a drain does not hold the rollout").isEqualTo("True");
            long beforeDue = log.lastRevision();

            clock.advance(Duration.ofMinutes(1));
            awaitTrue(Duration.ofSeconds(30), () -> liveBackends(name).equals(List.of("ca-2")));
            assertThat(awaitRotation(name, MtlsRotationStatus.DONE).getStatus().mtlsRotation.message).contains("ca-1 is retired");
            long retired = log.first(e -> e.is("Mesh", name) && !e.meshBackends().contains("ca-1") && e.revision() > switched);
            assertThat(retired).as("retired only after the clock passed retireAfter").isGreaterThan(beforeDue);
            assertThat(log.ordered(e -> e.is("Mesh", name) && e.revision() > added.revision()))
                    .as("ca-1 is never missing while it is enabled")
                    .allSatisfy(e -> assertThat(!"ca-1".equals(e.enabledBackend()) || e.meshBackends().contains("ca-1")).isTrue());
        }
    }

    @Test
    void droppingTheEnabledBackendIsBlockedWithAFinding() {
        String name = TestCluster.uniqueName("rotate-drop");
        MutableClock clock = new MutableClock(START);
        try (TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, "ca-1", "ca-1", "ca-2"));
            awaitPhase(client, name, Phase.Ready);
            apply(client, profile(name, "ca-2", "ca-2"));
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().findings).anySatisfy(f -> {
                assertThat(f.code).isEqualTo("EnabledBackendRemoved");
                assertThat(f.message).contains("backend ca-1 is enabled on the live mesh " + name);
            });
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("3-mtls", "EnabledBackendRemoved");
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
            assertThat(liveBackends(name)).containsExactly("ca-1", "ca-2");
        }
    }

    /**
     * The operator dies right after the write that adds ca-2 (1) or right after the switch (2), before it could write
     * its status. A new operator resumes from what it observes: it records the rotation before it switches, and
     * ca-1 still leaves only after its validity.
     */
    @ParameterizedTest(name = "crash after write {0}")
    @ValueSource(ints = {1, 2})
    void resumesAfterACrashInTheMiddleOfTheRotation(int crashAfterWrite) throws InterruptedException {
        String name = TestCluster.uniqueName("rotate-crash-" + crashAfterWrite);
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name)) {
            try (TestCluster.RunningOperator first = PhasedRolloutSupport.start(cluster, clock)) {
                apply(client, profile(name, "ca-1", "ca-1"));
                awaitPhase(client, name, Phase.Ready);
            }
            CountDownLatch crashed = new CountDownLatch(1);
            TestCluster.RunningOperator dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, crashAfterWrite,
                    PhasedRolloutSupport.write("/meshes/" + name, "ca-2"), crashed);
            try {
                apply(client, profile(name, "ca-2", "ca-1", "ca-2"));
                assertThat(crashed.await(60, TimeUnit.SECONDS)).as("the operator reached the write it dies after").isTrue();
                if (crashAfterWrite == 1) {
                    awaitTrue(Duration.ofSeconds(10), () -> liveBackends(name).contains("ca-2"));
                    assertThat(at(liveMesh(name), "spec.mtls.enabledBackend")).isEqualTo("ca-1");
                    assertThat(rotation(name)).as("the status never heard of the rotation").isNull();
                } else {
                    awaitTrue(Duration.ofSeconds(10), () -> "ca-2".equals(at(liveMesh(name), "spec.mtls.enabledBackend")));
                    assertThat(rotation(name).phase).as("the status still says the previous phase").isEqualTo(MtlsRotationStatus.ADDING_BACKEND);
                }
            } finally {
                dying.close();
            }
            try (TestCluster.RunningOperator second = PhasedRolloutSupport.start(cluster, clock)) {
                KumaProductionProfile draining = awaitRotation(name, MtlsRotationStatus.DRAINING);
                assertThat(draining.getStatus().mtlsRotation.retireAfter).isEqualTo("2026-01-01T01:00:00Z");
                apply(client, profile(name, "ca-2", "ca-2"));
                awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
                awaitFreshPasses(second.runner(), name, 2);
                assertThat(liveBackends(name)).contains("ca-1");
                clock.advance(Duration.ofHours(1));
                awaitTrue(Duration.ofSeconds(30), () -> liveBackends(name).equals(List.of("ca-2")));
                awaitRotation(name, MtlsRotationStatus.DONE);
            }
            long added = log.first(e -> e.is("Mesh", name) && e.meshBackends().contains("ca-2"));
            long switched = switchTo(log, name, "ca-2");
            long retired = log.first(e -> e.is("Mesh", name) && !e.meshBackends().contains("ca-1") && e.revision() > added);
            assertThat(added).isLessThan(switched);
            assertThat(switched).isLessThan(retired);
            assertThat(log.first(e -> e.kind().equals(KumaProductionProfile.KIND) && e.name().equals(name)
                    && e.at("status", "mtlsRotation", "toBackend") != null))
                    .as("a rotation record with its backends exists in status before the switch").isLessThan(switched);
            assertThat(log.ordered(e -> e.is("Mesh", name) && e.revision() >= added))
                    .allSatisfy(e -> assertThat(e.meshBackends()).contains(e.enabledBackend()));
        }
    }
}
