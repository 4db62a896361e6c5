package io.kumaops.operator.plan;

import io.kumaops.operator.model.CanaryDataplanes;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static io.kumaops.operator.support.TreePath.at;
import static io.kumaops.operator.support.TreePath.mapAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.model.ClusterObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Canary rollout of the mesh-wide default policies, planned from what is live, the previous status and the time. */
class PolicyCanaryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String RETRY = "kumaops-retry-m";

    private final Planner planner = new Planner();

    private static KumaProductionProfile profile(int retries) {
        KumaProductionProfile profile = fromSpec("m", """
                policies:
                  retry: {numRetries: %d}
                rollout:
                  strategy: Canary
                  canary: {dataplaneTags: {version: canary}, bakeTime: 10m}
                """.formatted(retries));
        profile.getMetadata().setGeneration(1L);
        return profile;
    }

    /** What the API server holds for the profile's policies: the mesh-wide retry with this many retries, plus copies. */
    private static ClusterFacts live(Integer meshWideRetries, Integer canaryRetries) {
        Map<String, Map<String, Object>> owned = new LinkedHashMap<>();
        if (meshWideRetries != null) {
            owned.put("MeshRetry/" + RETRY, policy(RETRY, Map.of("kind", "Mesh"), meshWideRetries));
        }
        if (canaryRetries != null) {
            owned.put("MeshRetry/" + RETRY + "-canary", policy(RETRY + "-canary", Map.of("kind", "MeshSubset", "tags", Map.of("version", "canary")), canaryRetries));
        }
        return new ClusterFacts(Map.of(), Set.of("allow-all-m"), Set.of("policy/v1"), ClusterObservation.empty(), owned, null)
                .withCanaryDataplanes(ACKNOWLEDGING);
    }

    /** One canary data plane, online, that has acknowledged every configuration Kuma sent it, up to any time these tests use. */
    private static final CanaryDataplanes ACKNOWLEDGING = new CanaryDataplanes(List.of(
            new CanaryDataplanes.Proxy("shop/web-1", true, Instant.parse("2099-01-01T00:00:00Z"), 8, 8, 0)), 1);

    private static Map<String, Object> policy(String name, Map<String, Object> targetRef, int retries) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", targetRef);
        spec.put("to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("http", Map.of("numRetries", retries)))));
        return Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "MeshRetry",
                "metadata", Map.of("name", name, "namespace", "kuma-system"), "spec", spec);
    }

    private Plan plan(KumaProductionProfile profile, ClusterFacts state, Instant now, String... errors) {
        return planner.plan(profile, state, new RolloutSignals(now, List.of(errors)));
    }

    private static void remember(KumaProductionProfile profile, Plan plan) {
        KumaProductionProfileStatus status = profile.getStatus() == null ? new KumaProductionProfileStatus() : profile.getStatus();
        status.policyCanary = plan.tracking().canary();
        profile.setStatus(status);
    }

    private static PlannedStep defaults(Plan plan) {
        return plan.step(Step.DEFAULTS).orElseThrow();
    }

    private static DesiredResource applied(Plan plan, String name) {
        return defaults(plan).apply().stream().filter(r -> r.ref().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + defaults(plan).apply()));
    }

    private static Object retries(DesiredResource policy) {
        return at(policy.spec(), "to[0].default.http.numRetries");
    }

    @Test
    void theFirstRolloutIsAppliedMeshWideDirectly() {
        Plan plan = plan(profile(5), live(null, null), NOW);
        assertThat(defaults(plan).apply()).extracting(r -> r.ref().name()).containsExactly(RETRY);
        assertThat(plan.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.IDLE);
        assertThat(plan.tracking().canary().message).startsWith("first rollout");
    }

    @Test
    void aChangeGoesToCanaryCopiesFirstAndTheMeshWidePolicyStaysAsItIs() {
        Plan plan = plan(profile(3), live(5, null), NOW);
        assertThat(retries(applied(plan, RETRY))).isEqualTo(5);
        DesiredResource copy = applied(plan, RETRY + "-canary");
        assertThat(copy.spec().get("targetRef")).isEqualTo(Map.of("kind", "MeshSubset", "tags", Map.of("version", "canary")));
        assertThat(retries(copy)).isEqualTo(3);
        assertThat(mapAt(copy.body(), "metadata.annotations")).containsEntry("kumaops.io/canary-of", RETRY);
        assertThat(mapAt(copy.body(), "metadata.labels")).containsEntry("kuma.io/mesh", "m");
        PolicyCanaryStatus status = plan.tracking().canary();
        assertThat(status.phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(status.startedAt).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(status.promoteAfter).isEqualTo("2026-01-01T00:10:00Z");
        assertThat(status.canaryPolicies).containsExactly(RETRY + "-canary");
        assertThat(plan.tracking().reviewAt()).isEqualTo(Instant.parse("2026-01-01T00:10:00Z"));
    }

    @Test
    void afterTheBakeTimeTheChangeIsPromotedAndTheCopiesRemoved() {
        KumaProductionProfile profile = profile(3);
        remember(profile, plan(profile, live(5, null), NOW));

        Plan baking = plan(profile, live(5, 3), NOW.plus(Duration.ofMinutes(9)));
        assertThat(baking.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(baking.tracking().canary().startedAt).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(defaults(baking).delete()).isEmpty();

        Plan due = plan(profile, live(5, 3), NOW.plus(Duration.ofMinutes(10)));
        assertThat(retries(applied(due, RETRY))).isEqualTo(3);
        assertThat(defaults(due).apply()).extracting(r -> r.ref().name()).doesNotContain(RETRY + "-canary");
        assertThat(defaults(due).delete()).extracting(ResourceRef::name).containsExactly(RETRY + "-canary");
        assertThat(due.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.PROMOTED);
        assertThat(due.tracking().canary().finishedAt).isEqualTo("2026-01-01T00:10:00Z");

        remember(profile, due);
        Plan after = plan(profile, live(3, null), NOW.plus(Duration.ofMinutes(11)));
        assertThat(after.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.PROMOTED);
        assertThat(defaults(after).delete()).isEmpty();
    }

    @Test
    void anErrorFindingDuringTheBakeRollsTheCopiesBackUntilTheProfileChanges() {
        KumaProductionProfile profile = profile(3);
        remember(profile, plan(profile, live(5, null), NOW));

        Plan failed = plan(profile, live(5, 3), NOW.plus(Duration.ofMinutes(1)), "InMemoryStore");
        assertThat(retries(applied(failed, RETRY))).isEqualTo(5);
        assertThat(defaults(failed).apply()).extracting(r -> r.ref().name()).doesNotContain(RETRY + "-canary");
        assertThat(defaults(failed).delete()).extracting(ResourceRef::name).containsExactly(RETRY + "-canary");
        assertThat(failed.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.ROLLED_BACK);
        assertThat(failed.tracking().canary().message).contains("Error findings InMemoryStore");

        remember(profile, failed);
        Plan healthyAgain = plan(profile, live(5, null), NOW.plus(Duration.ofMinutes(20)));
        assertThat(healthyAgain.tracking().canary().phase).as("same generation: stays rolled back").isEqualTo(PolicyCanaryStatus.ROLLED_BACK);
        assertThat(defaults(healthyAgain).apply()).extracting(r -> r.ref().name()).containsExactly(RETRY);

        profile.getMetadata().setGeneration(2L);
        Plan retried = plan(profile, live(5, null), NOW.plus(Duration.ofMinutes(21)));
        assertThat(retried.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(retried.tracking().canary().startedAt).isEqualTo("2026-01-01T00:21:00Z");
    }

    @Test
    void aDegradedConditionCountsAsAFailure() {
        KumaProductionProfile profile = profile(3);
        remember(profile, plan(profile, live(5, null), NOW));
        profile.getStatus().conditions = List.of(new ConditionBuilder().withType("Degraded").withStatus("True").withReason("ApplyFailed").build());
        Plan failed = plan(profile, live(5, 3), NOW.plus(Duration.ofMinutes(1)));
        assertThat(failed.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.ROLLED_BACK);
        assertThat(failed.tracking().canary().message).contains("Degraded (ApplyFailed)");
    }

    @Test
    void aCanaryDoesNotStartWhileAnErrorFindingIsOpen() {
        Plan waiting = plan(profile(3), live(5, null), NOW, "InMemoryStore");
        assertThat(waiting.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.WAITING);
        assertThat(defaults(waiting).apply()).extracting(r -> r.ref().name()).containsExactly(RETRY);
        assertThat(retries(applied(waiting, RETRY))).isEqualTo(5);
    }

    @Test
    void changingTheSpecDuringTheBakeRestartsIt() {
        KumaProductionProfile first = profile(3);
        Plan started = plan(first, live(5, null), NOW);
        KumaProductionProfile changed = profile(4);
        changed.setStatus(new KumaProductionProfileStatus());
        changed.getStatus().policyCanary = started.tracking().canary();

        Plan restarted = plan(changed, live(5, 3), NOW.plus(Duration.ofMinutes(8)));
        PolicyCanaryStatus status = restarted.tracking().canary();
        assertThat(status.phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(status.desiredHash).isNotEqualTo(started.tracking().canary().desiredHash);
        assertThat(status.startedAt).isEqualTo("2026-01-01T00:08:00Z");
        assertThat(status.promoteAfter).isEqualTo("2026-01-01T00:18:00Z");
        assertThat(status.message).startsWith("restarted");
        assertThat(retries(applied(restarted, RETRY + "-canary"))).isEqualTo(4);
    }

    @Test
    void aPromotionCutShortByACrashIsFinishedAndRecorded() {
        KumaProductionProfile profile = profile(3);
        remember(profile, plan(profile, live(5, null), NOW));
        // The mesh-wide policy was promoted but the copies and the status were not updated.
        Plan resumed = plan(profile, live(3, 3), NOW.plus(Duration.ofMinutes(12)));
        assertThat(resumed.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.PROMOTED);
        assertThat(defaults(resumed).delete()).extracting(ResourceRef::name).containsExactly(RETRY + "-canary");
    }

    @Test
    void immediateStrategyRemovesLeftoverCopiesAndKeepsNoCanaryStatus() {
        KumaProductionProfile profile = fromSpec("m", "policies: {retry: {numRetries: 3}}");
        Plan plan = plan(profile, live(5, 3), NOW);
        assertThat(retries(applied(plan, RETRY))).isEqualTo(3);
        assertThat(defaults(plan).delete()).extracting(ResourceRef::name).containsExactly(RETRY + "-canary");
        assertThat(plan.tracking().canary()).isNull();
    }

    @Test
    void theHashIgnoresMapOrder() {
        Plan a = plan(profile(3), live(null, null), NOW);
        Plan b = plan(profile(3), live(null, null), NOW.plus(Duration.ofDays(1)));
        assertThat(a.tracking().canary().desiredHash).isEqualTo(b.tracking().canary().desiredHash).hasSize(16);
        assertThat(PolicyCanary.hash(List.of())).isNotEqualTo(a.tracking().canary().desiredHash);
    }

    /** A change from 5 to 3 retries whose canary started at NOW, as the status records it. */
    private KumaProductionProfile bakingSinceNow() {
        KumaProductionProfile profile = profile(3);
        remember(profile, plan(profile, live(5, null), NOW));
        return profile;
    }

    /** The bake time is over: a canary data plane that rejected the change holds the promotion; the canary keeps baking. */
    @Test
    void promotionWaitsForTheCanaryDataplanesToAcknowledgeTheChange() {
        KumaProductionProfile profile = bakingSinceNow();
        Instant due = NOW.plus(Duration.ofMinutes(11));
        CanaryDataplanes nacked = new CanaryDataplanes(List.of(
                new CanaryDataplanes.Proxy("shop/web-1", true, due, 8, 8, 0),
                new CanaryDataplanes.Proxy("shop/web-2", true, due, 8, 4, 4)), 2);
        Plan held = plan(profile, live(5, 3).withCanaryDataplanes(nacked), due);
        assertThat(held.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(held.tracking().canary().message).contains("promotion waits for Kuma's evidence", "shop/web-2 (rejected 4 responses (NACK))")
                .doesNotContain("shop/web-1");
        PlannedStep step = defaults(held);
        assertThat(step.hold().reason()).isEqualTo(io.kumaops.operator.model.ConditionReason.WaitingForCanaryAcknowledgement);
        assertThat(step.apply()).extracting(r -> r.ref().name()).contains(RETRY, RETRY + "-canary");
        assertThat(retries(applied(held, RETRY))).as("mesh-wide unchanged").isEqualTo(5);
        assertThat(step.delete()).isEmpty();

        Plan promoted = plan(profile, live(5, 3), due);
        assertThat(promoted.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.PROMOTED);
        assertThat(defaults(promoted).hold()).isNull();
    }

    @Test
    void withoutACanaryDataplaneOrItsReportsNothingIsPromoted() {
        KumaProductionProfile profile = bakingSinceNow();
        Instant due = NOW.plus(Duration.ofMinutes(11));
        Plan none = plan(profile, live(5, 3).withCanaryDataplanes(new CanaryDataplanes(List.of(), 0)), due);
        assertThat(none.tracking().canary().message).contains("no data plane of the mesh carries the canary tags");
        Plan unread = plan(profile, live(5, 3).withCanaryDataplanes(null), due);
        assertThat(unread.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.BAKING);
        assertThat(unread.tracking().canary().message).contains("could not be read");
        assertThat(planner.plan(profile).step(Step.DEFAULTS).orElseThrow().hold()).as("offline: on the bake time alone").isNull();
    }

    @Test
    void aHeldPromotionIsTimedByTheGateTimeoutAndCanBePassedByHand() {
        KumaProductionProfile profile = bakingSinceNow();
        profile.getSpec().rollout.gateTimeout = "5m";
        profile.getStatus().gateWait = new io.kumaops.operator.api.v1alpha1.GateWaitStatus("4-defaults", NOW.plus(Duration.ofMinutes(10)).toString());
        Instant late = NOW.plus(Duration.ofMinutes(16));
        CanaryDataplanes offline = new CanaryDataplanes(List.of(new CanaryDataplanes.Proxy("shop/web-1", false, null, 0, 0, 0)), 1);
        Plan timedOut = plan(profile, live(5, 3).withCanaryDataplanes(offline), late);
        assertThat(defaults(timedOut).blockedBy()).containsExactly("KumaNotReporting");
        assertThat(timedOut.findings()).anySatisfy(f -> assertThat(f.message).contains("shop/web-1 (offline)"));

        profile.getMetadata().setAnnotations(Map.of("kumaops.io/pass-gate", "4-defaults: the canary pod was drained with its node"));
        Plan passed = plan(profile, live(5, 3).withCanaryDataplanes(offline), late);
        assertThat(passed.tracking().canary().phase).isEqualTo(PolicyCanaryStatus.PROMOTED);
        assertThat(defaults(passed).hold()).isNull();
        assertThat(passed.findings()).anySatisfy(f -> assertThat(f.code).isEqualTo("GatePassedByHand"));
    }
}
