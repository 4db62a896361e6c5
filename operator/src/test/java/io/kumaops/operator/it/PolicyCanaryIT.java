package io.kumaops.operator.it;

import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.it.ItSupport.get;
import static io.kumaops.operator.it.ItSupport.isolate;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.it.PhasedRolloutSupport.EventLog;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.support.TestProfiles;
import io.kumaops.operator.runtime.OperatorRunner;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canary rollout of the mesh-wide default policies on the real API server: a change runs on copies that target
 * the canary data planes, is promoted after the bake time on the operator's clock, restarts when the spec changes,
 * rolls back on an Error finding, and survives a crash in the middle of its promotion.
 */
class PolicyCanaryIT {

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
    }

    private static KumaProductionProfile profile(String name, int retries, String store) {
        return isolate(client, TestProfiles.fromSpec(name, """
                controlPlane: {store: {type: %s}}
                policies:
                  retry: {numRetries: %d}
                rollout:
                  strategy: Canary
                  canary: {dataplaneTags: {version: canary}, bakeTime: 10m}
                """.formatted(store, retries)), name);
    }

    private static KumaProductionProfile profile(String name, int retries) {
        return profile(name, retries, "Kubernetes");
    }

    private static String meshWide(String name) {
        return "kumaops-retry-" + name;
    }

    private static String copy(String name) {
        return meshWide(name) + "-canary";
    }

    private static GenericKubernetesResource retry(String name, String policy) {
        return client.genericKubernetesResources(KubeKinds.kuma("MeshRetry")).inNamespace(name + "-system").withName(policy).get();
    }

    private static Object retries(GenericKubernetesResource policy) {
        return policy == null ? null : numRetries(policy.getAdditionalProperties().get("spec"));
    }

    /** The retries a MeshRetry spec sets, mesh-wide or on the canary copy (to[0].default.http.numRetries). */
    private static Object numRetries(Object spec) {
        return at(spec, "to[0].default.http.numRetries");
    }

    private static EventLog log(String name) {
        return EventLog.start(client, e -> e.namespace() == null || e.namespace().equals(name + "-system"), EventLog.kuma("MeshRetry"));
    }

    /** One data plane of the mesh tagged as a canary, whose proxy acknowledges every configuration unless told otherwise. */
    private static io.kumaops.operator.standin.InsightReporter.DataplaneRef canaryDataplane(String name) {
        return cluster.standIn().reports().dataplanes("web").namespace(name + "-system").mesh(name).label("version", "canary")
                .create().get(0);
    }

    /** The promotion held: the bake time is over and a canary data plane does not acknowledge the change. */
    private static KumaProductionProfile awaitAcknowledgementWait(String name) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> ItSupport.condition(p, "Ready")
                .map(c -> "WaitingForCanaryAcknowledgement".equals(c.getReason())).orElse(false));
    }

    /** Kuma's counts are per connection: the proxy acknowledges from now on, on a new one. */
    private static void acknowledgeOnANewConnection(io.kumaops.operator.standin.InsightReporter.DataplaneRef proxy) {
        var reports = cluster.standIn().reports();
        reports.answerConfiguration(proxy, io.kumaops.operator.standin.InsightReporter.ConfigAnswer.ACKNOWLEDGE);
        reports.disconnect(proxy);
        reports.connect(proxy);
    }

    private static KumaProductionProfile awaitCanary(String name, String phase) {
        return awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().policyCanary != null
                && phase.equals(p.getStatus().policyCanary.phase)
                && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration()));
    }

    @Test
    void aChangeBakesOnTheCanaryRestartsWhenTheSpecChangesAndIsPromotedAfterTheBakeTime() {
        String name = TestCluster.uniqueName("canary");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, 5));
            KumaProductionProfile first = awaitPhase(client, name, Phase.Ready);
            canaryDataplane(name);
            assertThat(first.getStatus().policyCanary.phase).isEqualTo(PolicyCanaryStatus.IDLE);
            assertThat(first.getStatus().policyCanary.message).startsWith("first rollout");
            assertThat(retries(retry(name, meshWide(name)))).isEqualTo(5);
            assertThat(retry(name, copy(name))).isNull();

            apply(client, profile(name, 3));
            PolicyCanaryStatus baking = awaitCanary(name, PolicyCanaryStatus.BAKING).getStatus().policyCanary;
            assertThat(baking.startedAt).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(baking.promoteAfter).isEqualTo("2026-01-01T00:10:00Z");
            assertThat(baking.canaryPolicies).containsExactly(copy(name));
            GenericKubernetesResource canary = retry(name, copy(name));
            assertThat(at(canary.getAdditionalProperties(), "spec.targetRef")).isEqualTo(Map.of("kind", "MeshSubset", "tags", Map.of("version", "canary")));
            assertThat(numRetries(canary.getAdditionalProperties().get("spec"))).isEqualTo(3);
            assertThat(canary.getMetadata().getAnnotations()).containsEntry("kumaops.io/canary-of", meshWide(name));
            assertThat(retries(retry(name, meshWide(name)))).as("mesh-wide unchanged while baking").isEqualTo(5);

            clock.advance(Duration.ofMinutes(5));
            apply(client, profile(name, 4));
            PolicyCanaryStatus restarted = awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus().policyCanary != null
                    && !baking.desiredHash.equals(p.getStatus().policyCanary.desiredHash)).getStatus().policyCanary;
            assertThat(restarted.phase).isEqualTo(PolicyCanaryStatus.BAKING);
            assertThat(restarted.startedAt).isEqualTo("2026-01-01T00:05:00Z");
            assertThat(restarted.promoteAfter).isEqualTo("2026-01-01T00:15:00Z");
            assertThat(restarted.message).startsWith("restarted");
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> Integer.valueOf(4).equals(retries(retry(name, copy(name)))));

            clock.advance(Duration.ofMinutes(9));
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(get(client, name).getStatus().policyCanary.phase).as("the bake restarted at 00:05").isEqualTo(PolicyCanaryStatus.BAKING);
            assertThat(retries(retry(name, meshWide(name)))).isEqualTo(5);

            clock.advance(Duration.ofMinutes(1));
            PolicyCanaryStatus promoted = awaitCanary(name, PolicyCanaryStatus.PROMOTED).getStatus().policyCanary;
            assertThat(promoted.finishedAt).isEqualTo("2026-01-01T00:15:00Z");
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> retry(name, copy(name)) == null);
            assertThat(retries(retry(name, meshWide(name)))).isEqualTo(4);

            long copyAdded = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("ADDED"));
            long copyRestarted = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("MODIFIED"));
            long promotedMeshWide = log.first(e -> e.is("MeshRetry", meshWide(name)) && Integer.valueOf(4).equals(numRetries(e.spec())));
            long copyDeleted = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("DELETED"));
            assertThat(copyAdded).isLessThan(copyRestarted);
            assertThat(copyRestarted).isLessThan(promotedMeshWide);
            assertThat(promotedMeshWide).as("promoted mesh-wide before the copy goes").isLessThan(copyDeleted);
            assertThat(log.ordered(e -> e.is("MeshRetry", meshWide(name)) && Integer.valueOf(3).equals(numRetries(e.spec()))))
                    .as("the abandoned change never went mesh-wide").isEmpty();
            assertThat(log.statusSequence(name, "policyCanary", "phase")).containsExactly("Idle", "Baking", "Promoted");
        }
    }

    @Test
    void anErrorFindingDuringTheBakeRollsTheCanaryBack() {
        String name = TestCluster.uniqueName("canary-fail");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, 5));
            awaitPhase(client, name, Phase.Ready);
            canaryDataplane(name);
            apply(client, profile(name, 3));
            awaitCanary(name, PolicyCanaryStatus.BAKING);

            // The in-memory store is an Error finding (InMemoryStore) that blocks no step: the canary must see it.
            apply(client, profile(name, 3, "Memory"));
            PolicyCanaryStatus rolledBack = awaitCanary(name, PolicyCanaryStatus.ROLLED_BACK).getStatus().policyCanary;
            assertThat(rolledBack.message).contains("Error findings InMemoryStore");
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> retry(name, copy(name)) == null);
            clock.advance(Duration.ofMinutes(30));
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(get(client, name).getStatus().policyCanary.phase).isEqualTo(PolicyCanaryStatus.ROLLED_BACK);
            assertThat(retries(retry(name, meshWide(name)))).as("never promoted").isEqualTo(5);

            // Fixing the profile is a change: the canary starts again and is promoted after its bake.
            apply(client, profile(name, 3, "Kubernetes"));
            PolicyCanaryStatus again = awaitCanary(name, PolicyCanaryStatus.BAKING).getStatus().policyCanary;
            assertThat(again.startedAt).isEqualTo("2026-01-01T00:30:00Z");
            clock.advance(Duration.ofMinutes(10));
            awaitCanary(name, PolicyCanaryStatus.PROMOTED);
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> Integer.valueOf(3).equals(retries(retry(name, meshWide(name)))));
            assertThat(log.statusSequence(name, "policyCanary", "phase")).containsExactly("Idle", "Baking", "RolledBack", "Baking", "Promoted");
            long rollback = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("DELETED"));
            long meshWideChanged = log.first(e -> e.is("MeshRetry", meshWide(name)) && Integer.valueOf(3).equals(numRetries(e.spec())));
            assertThat(rollback).isLessThan(meshWideChanged);
        }
    }

    /** The operator dies right after promoting mesh-wide, before removing the copy and writing its status. */
    @Test
    void resumesAfterACrashInTheMiddleOfThePromotion() throws InterruptedException {
        String name = TestCluster.uniqueName("canary-crash");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name)) {
            try (TestCluster.RunningOperator first = PhasedRolloutSupport.start(cluster, clock)) {
                apply(client, profile(name, 5));
                awaitPhase(client, name, Phase.Ready);
                canaryDataplane(name);
                apply(client, profile(name, 3));
                awaitCanary(name, PolicyCanaryStatus.BAKING);
            }
            CountDownLatch crashed = new CountDownLatch(1);
            TestCluster.RunningOperator dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, 1,
                    PhasedRolloutSupport.write("/meshretries/" + meshWide(name), "\"numRetries\":3"), crashed);
            try {
                clock.advance(Duration.ofMinutes(10));
                assertThat(crashed.await(60, TimeUnit.SECONDS)).isTrue();
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> Integer.valueOf(3).equals(retries(retry(name, meshWide(name)))));
                awaitFreshPasses(dying.runner(), name, 1);
                assertThat(retry(name, copy(name))).as("the copy outlived the crash").isNotNull();
                assertThat(get(client, name).getStatus().policyCanary.phase).isEqualTo(PolicyCanaryStatus.BAKING);
            } finally {
                dying.close();
            }
            try (TestCluster.RunningOperator second = PhasedRolloutSupport.start(cluster, clock)) {
                awaitCanary(name, PolicyCanaryStatus.PROMOTED);
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> retry(name, copy(name)) == null);
                assertThat(retries(retry(name, meshWide(name)))).isEqualTo(3);
            }
            long promotedMeshWide = log.first(e -> e.is("MeshRetry", meshWide(name)) && Integer.valueOf(3).equals(numRetries(e.spec())));
            long copyDeleted = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("DELETED"));
            long copyAdded = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("ADDED"));
            assertThat(copyAdded).isLessThan(promotedMeshWide);
            assertThat(promotedMeshWide).isLessThan(copyDeleted);
        }
    }

    /**
     * The bake time is over but the canary's proxy rejected the change (a NACK): the change stays on the canary, the
     * mesh-wide policy unchanged, until the proxy acknowledges it on a new connection.
     */
    @Test
    void aCanaryDataplaneThatRejectsTheChangeHoldsThePromotionUntilItAcknowledges() {
        String name = TestCluster.uniqueName("canary-nack");
        var reports = cluster.standIn().reports();
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            apply(client, profile(name, 5));
            awaitPhase(client, name, Phase.Ready);
            var proxy = canaryDataplane(name);
            reports.answerConfiguration(proxy, io.kumaops.operator.standin.InsightReporter.ConfigAnswer.REJECT);
            apply(client, profile(name, 3));
            awaitCanary(name, PolicyCanaryStatus.BAKING);

            clock.advance(Duration.ofMinutes(11));
            KumaProductionProfile held = awaitAcknowledgementWait(name);
            assertThat(held.getStatus().currentStep).isEqualTo("4-defaults");
            assertThat(held.getStatus().policyCanary.phase).isEqualTo(PolicyCanaryStatus.BAKING);
            assertThat(held.getStatus().policyCanary.message).contains(proxy.namespace() + "/" + proxy.name(), "NACK");
            awaitFreshPasses(operator.runner(), name, 2);
            assertThat(retries(retry(name, meshWide(name)))).as("not promoted while the canary rejects it").isEqualTo(5);
            assertThat(retry(name, copy(name))).isNotNull();

            acknowledgeOnANewConnection(proxy);
            awaitCanary(name, PolicyCanaryStatus.PROMOTED);
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> retry(name, copy(name)) == null);
            assertThat(retries(retry(name, meshWide(name)))).isEqualTo(3);
            long copyAdded = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("ADDED"));
            long promotedMeshWide = log.first(e -> e.is("MeshRetry", meshWide(name)) && Integer.valueOf(3).equals(numRetries(e.spec())));
            long copyDeleted = log.first(e -> e.is("MeshRetry", copy(name)) && e.type().equals("DELETED"));
            assertThat(copyAdded).isLessThan(promotedMeshWide);
            assertThat(promotedMeshWide).isLessThan(copyDeleted);
        }
    }

    /**
     * With every timer of the operator minutes long, a canary held by a proxy's NACK is promoted within seconds of the
     * proxy acknowledging: the canary data planes' DataplaneInsights are watched while the wait is open
     * (observe.CanaryInsightsEventSource); without that watch the wait would sit for its 5-minute timer.
     */
    @Test
    void theAcknowledgementWaitIsWokenByTheCanarysDataplaneInsightsNotATimer() {
        String name = TestCluster.uniqueName("canary-watch");
        var reports = cluster.standIn().reports();
        Duration minutes = Duration.ofMinutes(5);
        OperatorRunner.Options slow = TestCluster.testOptions(Duration.ofMillis(300));
        slow = slow.withSettings(slow.settings().withRequeues(minutes, minutes, minutes).withGateRecheck(minutes));
        try (TestCluster.RunningOperator operator = cluster.startOperator(slow)) {
            KumaProductionProfile first = profile(name, 5);
            first.getSpec().rollout.canary.bakeTime = "2s";
            apply(client, first);
            awaitPhase(client, name, Phase.Ready);
            var proxy = canaryDataplane(name);
            reports.answerConfiguration(proxy, io.kumaops.operator.standin.InsightReporter.ConfigAnswer.REJECT);
            KumaProductionProfile changed = profile(name, 3);
            changed.getSpec().rollout.canary.bakeTime = "2s";
            apply(client, changed);
            awaitAcknowledgementWait(name);

            acknowledgeOnANewConnection(proxy);
            long acknowledged = System.nanoTime();
            awaitProfile(client, name, Duration.ofSeconds(60), p -> p.getStatus().policyCanary != null
                    && PolicyCanaryStatus.PROMOTED.equals(p.getStatus().policyCanary.phase));
            Duration took = Duration.ofNanos(System.nanoTime() - acknowledged);
            assertThat(took).as("promoted on the insight's event, not on the 5-minute timer").isLessThan(Duration.ofSeconds(30));
            assertThat(retries(retry(name, meshWide(name)))).isEqualTo(3);
            System.out.println("canary promoted " + took.toMillis() + " ms after its data plane acknowledged (timers " + minutes + ")");
        }
    }
}
