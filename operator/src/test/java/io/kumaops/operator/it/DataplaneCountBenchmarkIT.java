package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.observe.ClusterObserver;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.support.TestProfiles;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How much the operator keeps in memory for a large mesh: 10,000 Dataplanes on the local API server, counted page
 * by page and watched for churn without a cache. Prints one BENCHMARK line (figures, not a timed assertion) and
 * checks only the design target: at most 1 KiB of retained heap per Dataplane.
 *
 * <p>Opt-in, because creating 10,000 objects takes minutes on 2 cores:
 * {@code mvn -B -o verify -pl operator -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=DataplaneCountBenchmarkIT -Dkumaops.benchmarks=true} (or KUMAOPS_BENCHMARKS=1);
 * {@code -Dkumaops.benchmark.dataplanes=N} changes the size.
 */
class DataplaneCountBenchmarkIT {

    private static final long TARGET_BYTES_PER_DATAPLANE = 1024;

    static boolean enabled() {
        return Boolean.getBoolean("kumaops.benchmarks") || "1".equals(System.getenv("KUMAOPS_BENCHMARKS"));
    }

    @Test
    void countingAndWatchingTenThousandDataplanesKeepsNothingPerDataplane() throws Exception {
        assumeTrue(enabled(), "benchmark is opt-in: -Dkumaops.benchmarks=true or KUMAOPS_BENCHMARKS=1");
        int dataplanes = Integer.getInteger("kumaops.benchmark.dataplanes", 10_000);
        int threads = Integer.getInteger("kumaops.benchmark.threads", 6);
        KubernetesClient client = TestCluster.get().client();
        String mesh = TestCluster.uniqueName("bench");
        String system = mesh + "-system";
        List<String> namespaces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            namespaces.add(mesh + "-apps-" + i);
        }
        ClusterFixtures.namespace(client, system);
        namespaces.forEach(ns -> ClusterFixtures.namespace(client, ns));

        // 1. An operator watching this mesh (Audit: it only observes), settled before any Dataplane exists.
        try (TestCluster.RunningOperator operator = TestCluster.get().startOperator(TestCluster.testOptions())) {
            ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(mesh, """
                    enforcement: Audit
                    mesh: {name: %s}
                    controlPlane: {systemNamespace: %s}
                    """.formatted(mesh, system)));
            ClusterFixtures.awaitProfile(client, mesh, Duration.ofSeconds(60),
                    p -> p.getStatus().observed != null && Integer.valueOf(0).equals(p.getStatus().observed.dataplanes));
            long operatorBaseline = usedHeapAfterGc();

            long createStarted = System.nanoTime();
            ClusterFixtures.dataplanes(client, namespaces, mesh, "dp", dataplanes, threads);
            long createMillis = millisSince(createStarted);

            // The churn watch saw every ADDED event; the reconcile it triggered counted them page by page.
            long awaitStarted = System.nanoTime();
            ClusterFixtures.awaitProfile(client, mesh, Duration.ofMinutes(3),
                    p -> p.getStatus().observed != null && Integer.valueOf(dataplanes).equals(p.getStatus().observed.dataplanes));
            long operatorSettleMillis = millisSince(awaitStarted);
            long operatorDelta = usedHeapAfterGc() - operatorBaseline;

            // 2. The count alone, on its own client: time, transient allocation, and what stays afterwards.
            try (KubernetesClient countClient = TestCluster.get().newClient()) {
                ClusterObserver observer = new ClusterObserver(countClient);
                observer.countDataplanes(mesh); // warm-up: class loading and JIT, not the figure
                long before = usedHeapAfterGc();
                long countStarted = System.nanoTime();
                int counted = observer.countDataplanes(mesh);
                long countMillis = millisSince(countStarted);
                long countDelta = usedHeapAfterGc() - before;
                assertThat(counted).isEqualTo(dataplanes);

                // 3. For comparison only: what a caching informer on the same Dataplanes would hold.
                long informerBefore = usedHeapAfterGc();
                SharedIndexInformer<GenericKubernetesResource> informer = countClient.genericKubernetesResources(KubeKinds.kuma("Dataplane"))
                        .inAnyNamespace().withLabel(Labels.KUMA_MESH, mesh).inform();
                informer.start().toCompletableFuture().get(3, TimeUnit.MINUTES);
                int cached = informer.getStore().list().size();
                long informerDelta = usedHeapAfterGc() - informerBefore;
                informer.stop();

                System.out.printf(Locale.ROOT, "BENCHMARK dataplanes=%d create_ms=%d create_per_s=%d count_ms=%d count_pages=%d"
                                + " heap_delta_bytes=%d per_dataplane_bytes=%d"
                                + " operator_settle_ms=%d operator_heap_delta_bytes=%d operator_per_dataplane_bytes=%d"
                                + " informer_cached=%d informer_heap_delta_bytes=%d informer_per_dataplane_bytes=%d%n",
                        dataplanes, createMillis, dataplanes * 1000L / Math.max(1, createMillis), countMillis,
                        (dataplanes + 499) / 500, countDelta, countDelta / dataplanes,
                        operatorSettleMillis, operatorDelta, operatorDelta / dataplanes,
                        cached, informerDelta, informerDelta / dataplanes);

                assertThat(countDelta / dataplanes).as("retained heap per Dataplane after counting").isLessThanOrEqualTo(TARGET_BYTES_PER_DATAPLANE);
                assertThat(operatorDelta / dataplanes).as("retained operator heap per Dataplane").isLessThanOrEqualTo(TARGET_BYTES_PER_DATAPLANE);
            }
            ClusterFixtures.deleteProfile(client, mesh);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.resources(KumaProductionProfile.class).withName(mesh).get() == null);
        } finally {
            ClusterFixtures.deleteDataplanes(client, namespaces, mesh);
        }
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Heap in use once garbage is gone: a few full collections, because one may leave work for the next. */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(250); // kept: gives the collector's background work time before the next collection
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
