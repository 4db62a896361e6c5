package io.kumaops.operator.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.standin.InsightReporter.Settings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stand-in with 10,000 simulated data planes on the local API server: how long the reports take to follow, and
 * how much the reporter keeps per data plane. Prints one BENCHMARK line and checks the design target of at most
 * 1 KiB retained per data plane.
 *
 * <p>Opt-in, like the other benchmarks ({@code -Dkumaops.benchmarks=true} or KUMAOPS_BENCHMARKS=1;
 * {@code -Dkumaops.benchmark.dataplanes=N} changes the size): it writes three objects per data plane.
 */
class InsightReporterScaleIT {

    private static final long TARGET_BYTES_PER_DATAPLANE = 1024;

    @Test
    void tenThousandDataplanesStaySmallAndTheirReportsFollowTheMesh() throws Exception {
        assumeTrue(Boolean.getBoolean("kumaops.benchmarks") || "1".equals(System.getenv("KUMAOPS_BENCHMARKS")),
                "benchmark is opt-in: -Dkumaops.benchmarks=true or KUMAOPS_BENCHMARKS=1");
        int dataplanes = Integer.getInteger("kumaops.benchmark.dataplanes", 10_000);
        KubernetesClient client = TestCluster.get().client();
        String mesh = TestCluster.uniqueName("scale");
        mesh(client, mesh, null);
        int namespaces = 10;
        for (int i = 0; i < namespaces; i++) {
            ClusterFixtures.namespace(client, mesh + "-apps-" + i);
        }
        try (InsightReporter reporter = InsightReporter.create(client, Settings.defaults().withMeshes(mesh).withWriters(6))) {
            reporter.start();

            // The first namespace warms up what does not grow with the mesh (threads, connections, classes); the
            // retained heap per data plane is measured over the other nine.
            long started = System.nanoTime();
            long warmup = 0;
            long baseline = 0;
            for (int i = 0; i < namespaces; i++) {
                int count = dataplanes / namespaces + (i < dataplanes % namespaces ? 1 : 0);
                reporter.dataplanes("svc-" + i).namespace(mesh + "-apps-" + i).mesh(mesh).port(80, 8080).count(count).create();
                if (i == 0) {
                    warmup = count;
                    long settled = count;
                    awaitMeshInsight(client, mesh, spec -> number(spec, "dataplanes", "online") == settled);
                    baseline = usedHeapAfterGc();
                }
            }
            long createMillis = millisSince(started);
            awaitMeshInsight(client, mesh, spec -> number(spec, "dataplanes", "online") == dataplanes);
            long onlineMillis = millisSince(started);
            long perDataplane = (usedHeapAfterGc() - baseline) / (dataplanes - warmup);

            long enabled = System.nanoTime();
            mesh(client, mesh, Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin"))));
            awaitMeshInsight(client, mesh, spec -> spec.get("mTLS") instanceof Map<?, ?> mtls
                    && mtls.get("issuedBackends") instanceof Map<?, ?> issued && issued.get("ca-1") instanceof Map<?, ?> ca
                    && ca.get("online") instanceof Number online && online.intValue() == dataplanes);
            long mtlsMillis = millisSince(enabled);

            System.out.printf("BENCHMARK standin_dataplanes=%d create_ms=%d all_online_in_mesh_insight_ms=%d mtls_followed_ms=%d "
                    + "retained_per_dataplane_bytes=%d%n", dataplanes, createMillis, onlineMillis, mtlsMillis, perDataplane);
            assertThat(perDataplane).isLessThanOrEqualTo(TARGET_BYTES_PER_DATAPLANE);
        } finally {
            for (int i = 0; i < namespaces; i++) {
                String namespace = mesh + "-apps-" + i;
                client.genericKubernetesResources(ReportKinds.DATAPLANE).inNamespace(namespace).delete();
                client.genericKubernetesResources(ReportKinds.DATAPLANE_INSIGHT).inNamespace(namespace).delete();
            }
        }
    }

    private static void mesh(KubernetesClient client, String name, Map<String, Object> mtls) {
        Map<String, Object> body = Map.of("apiVersion", "kuma.io/v1alpha1", "kind", "Mesh", "metadata", Map.of("name", name),
                "spec", mtls == null ? Map.of() : Map.of("mtls", mtls));
        client.genericKubernetesResources(ReportKinds.MESH).resource(Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class))
                .fieldManager("test").forceConflicts().serverSideApply();
    }

    @SuppressWarnings("unchecked")
    private static void awaitMeshInsight(KubernetesClient client, String mesh, java.util.function.Predicate<Map<String, Object>> spec) {
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            GenericKubernetesResource insight = client.genericKubernetesResources(ReportKinds.MESH_INSIGHT).withName(mesh).get();
            return insight != null && insight.getAdditionalProperties().get("spec") instanceof Map<?, ?> found
                    && spec.test((Map<String, Object>) found);
        });
    }

    private static long number(Map<String, Object> spec, String message, String field) {
        return spec.get(message) instanceof Map<?, ?> stat && stat.get(field) instanceof Number n ? n.longValue() : 0;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200); // kept: gives the collector's background work time before the next collection
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
