package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints the figures docs/performance.md reports: apply→Ready latency for one profile (median of 10) and for
 * 100 at once, API writes per profile, and writes during 60 s of idleness. Figures, not timed assertions; the
 * only assertion is the correctness one (an idle operator writes nothing).
 */
class RolloutBenchmarkIT {

    private static final int SINGLE_RUNS = 10;
    private static final int WARM_UP_RUNS = 10;
    private static final int CONCURRENT_PROFILES = 100;
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("kumaops.benchmark.idleSeconds", 60));

    @Test
    void rolloutLatencyWritesAndIdleCost() throws Exception {
        TestCluster cluster = TestCluster.get();
        KubernetesClient client = cluster.client();
        int leftovers = ItSupport.removeProfilesOfEarlierTests(client);
        RequestCounter counter = new RequestCounter();
        KubernetesClient operatorClient = RequestCounter.countingClient(cluster.kubeconfigYaml(), counter);
        OperatorRunner runner = OperatorRunner.start(operatorClient, TestCluster.testOptions());
        try {
            // Warm-up: the first profiles pay for informer start-up, class loading and the JIT compiler, which on two
            // cores competes with the operator; a long-running operator has long paid for them.
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                readyMillis(client, isolatedExample(client, "minimal.yaml", TestCluster.uniqueName("bench-warmup")));
            }

            List<Long> single = new ArrayList<>();
            Map<String, Long> beforeSingles = counter.snapshot();
            int resourcesPerProfile = 0;
            for (int i = 0; i < SINGLE_RUNS; i++) {
                KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", TestCluster.uniqueName("bench-one"));
                resourcesPerProfile = new Planner().plan(profile).resources().size();
                single.add(readyMillis(client, profile));
            }
            Thread.sleep(500); // kept: a fixed settle window, so the last single's trailing writes count with the singles
            Map<String, Long> afterSingles = counter.snapshot();
            Collections.sort(single);
            long median = (single.get(SINGLE_RUNS / 2 - 1) + single.get(SINGLE_RUNS / 2)) / 2;

            List<String> names = new ArrayList<>();
            List<KumaProductionProfile> many = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_PROFILES; i++) {
                String name = TestCluster.uniqueName("bench-many");
                names.add(name);
                many.add(isolatedExample(client, "minimal.yaml", name));
            }
            // "At once": eight client threads, as a GitOps sync or `kubectl apply` of a directory sends them back to back.
            java.util.concurrent.ExecutorService appliers = java.util.concurrent.Executors.newFixedThreadPool(8);
            long start = System.nanoTime();
            try {
                for (java.util.concurrent.Future<?> applied : appliers.invokeAll(many.stream()
                        .map(p -> (java.util.concurrent.Callable<Object>) () -> apply(client, p)).toList())) {
                    applied.get();
                }
            } finally {
                appliers.shutdown();
            }
            long appliedMillis = (System.nanoTime() - start) / 1_000_000;
            java.util.Set<String> waiting = new java.util.HashSet<>(names);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
                client.resources(KumaProductionProfile.class).list().getItems().stream()
                        .filter(p -> p.getStatus() != null && p.getStatus().phase == Phase.Ready)
                        .forEach(p -> waiting.remove(p.getMetadata().getName()));
                return waiting.isEmpty();
            });
            long allReadyMillis = (System.nanoTime() - start) / 1_000_000;

            Thread.sleep(1000); // kept: a fixed settle window, so the hundred's trailing writes do not count as idle ones
            long writesBeforeIdle = counter.writes();
            long readsBeforeIdle = counter.get("read");
            Thread.sleep(IDLE.toMillis()); // kept: the benchmark measures what a settled operator costs over a fixed window
            long idleWrites = counter.writes() - writesBeforeIdle;
            long idleReads = counter.get("read") - readsBeforeIdle;

            double resourceWrites = (diff(afterSingles, beforeSingles, "resource")) / (double) SINGLE_RUNS;
            double statusWrites = (diff(afterSingles, beforeSingles, "status")) / (double) SINGLE_RUNS;
            double eventWrites = (diff(afterSingles, beforeSingles, "event")) / (double) SINGLE_RUNS;
            double reads = (diff(afterSingles, beforeSingles, "read")) / (double) SINGLE_RUNS;
            double profileWrites = (diff(afterSingles, beforeSingles, "profile")) / (double) SINGLE_RUNS;
            String figures = String.format(Locale.ROOT,
                    "BENCHMARK one_profile_ready_ms_median=%d (runs %s) hundred_profiles_all_ready_ms=%d (all applied after %d ms)"
                            + " writes_per_profile: resources=%.1f (plan emits %d) status=%.1f finalizer=%.1f events=%.1f reads_per_profile=%.1f"
                            + " idle_seconds=%d idle_writes=%d idle_reads=%d (profiles of earlier tests removed first: %d)",
                    median, single, allReadyMillis, appliedMillis, resourceWrites, resourcesPerProfile, statusWrites, profileWrites, eventWrites, reads,
                    IDLE.toSeconds(), idleWrites, idleReads, leftovers);
            System.out.println(figures);
            Path out = ProjectPaths.root().resolve("operator/target/benchmark-rollout.txt");
            Files.writeString(out, figures + "\n");
            assertThat(idleWrites).as("an idle operator writes nothing").isZero();
        } finally {
            runner.close();
            operatorClient.close();
        }
    }

    private static long diff(Map<String, Long> after, Map<String, Long> before, String key) {
        return after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }

    private static long readyMillis(KubernetesClient client, KumaProductionProfile profile) {
        long start = System.nanoTime();
        apply(client, profile);
        ItSupport.awaitProfile(client, profile.getMetadata().getName(), Duration.ofSeconds(60), p -> p.getStatus().phase == Phase.Ready);
        return (System.nanoTime() - start) / 1_000_000;
    }
}
