package io.kumaops.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The JVM and process binders and kumaops_build_info on the operator's registry. */
class RuntimeMetricsTest {

    @Test
    void buildInfoIsOneWithTheVersionAndTheJavaVersion() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RuntimeMetrics ignored = RuntimeMetrics.bind(registry, "1.2.3")) {
            String javaVersion = System.getProperty("java.version");
            assertThat(registry.scrape())
                    .contains("# TYPE kumaops_build_info gauge\n")
                    .containsPattern("(?m)^kumaops_build_info\\{java_version=\"" + java.util.regex.Pattern.quote(javaVersion)
                            + "\",version=\"1\\.2\\.3\"} 1$");
        }
    }

    @Test
    void theVersionIsWhatVersionPrints() {
        // Run from classes there is no jar manifest: --version prints "kuma-production-operator dev".
        assertThat(BuildVersion.current()).isEqualTo("dev");
    }

    @Test
    void theBindersExportTheJvmAndProcessFamilies() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RuntimeMetrics ignored = RuntimeMetrics.bind(registry, "dev")) {
            assertThat(registry.scrape())
                    .contains("jvm_memory_used_bytes{area=\"heap\"", "jvm_buffer_count_buffers", "jvm_gc_live_data_size_bytes",
                            "jvm_threads_live_threads", "jvm_classes_loaded_classes", "jvm_info{", "process_cpu_usage",
                            "process_uptime_seconds", "process_start_time_seconds", "process_files_open_files", "system_cpu_count");
        }
    }

    /** JvmGcMetrics listens to the JVM's collectors; close() must detach it, or every stopped runner would leak a listener. */
    @Test
    void closeDetachesTheGarbageCollectionListener() throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        RuntimeMetrics metrics = RuntimeMetrics.bind(registry, "dev");
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            System.gc();
            return pauses(registry) > 0;
        });

        metrics.close();
        Thread.sleep(300);
        long before = pauses(registry);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Thread.sleep(500);
        assertThat(pauses(registry)).as("collections recorded after close()").isEqualTo(before);
    }

    private static long pauses(PrometheusMeterRegistry registry) {
        return registry.find("jvm.gc.pause").timers().stream().mapToLong(Timer::count).sum();
    }
}
