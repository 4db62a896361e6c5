package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Phase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Liveness, readiness and the documented Prometheus metrics, served by a running operator. */
class ProbesAndMetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesAnswerAndMetricsCarryTheDocumentedNames() throws Exception {
        TestCluster cluster = TestCluster.get();
        try (TestCluster.RunningOperator operator = cluster.startOperator(TestCluster.testOptions().withPorts("127.0.0.1", 0, 0))) {
            String name = TestCluster.uniqueName("metrics");
            apply(cluster.client(), isolatedExample(cluster.client(), "minimal.yaml", name));
            awaitPhase(cluster.client(), name, Phase.Ready);
            int port = operator.runner().healthPort();
            assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(operator.runner().metricsPort(), "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("kumaops_reconciles_total{result=\"done\"}")
                    .contains("kumaops_step_duration_seconds_count{step=\"2-traffic-permission\"}")
                    .contains("kumaops_writes_total{operation=\"apply\"}")
                    .contains("kumaops_findings{code=\"AllowAllTrafficPermission\",severity=\"Info\"}")
                    .contains("kumaops_profiles{phase=\"Ready\"}")
                    .containsPattern("(?m)^kumaops_leader 1(\\.0)?$")
                    .contains("kumaops_leadership_start_time_seconds")
                    .containsPattern("(?m)^kumaops_build_info\\{java_version=\"[^\"]+\",version=\"dev\"} 1$")
                    .contains("jvm_memory_used_bytes{area=\"heap\"")
                    .contains("jvm_gc_memory_allocated_bytes_total")
                    .contains("process_uptime_seconds")
                    .contains("system_cpu_count");
        }
    }
}
