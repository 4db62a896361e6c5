package io.kumaops.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The leadership metrics: present from the start, 0 on a standby, the start time kept after leading stops. The passes
 * per profile: counted apart for each profile, never exported, forgotten with the profile.
 */
class OperatorMetricsTest {

    @Test
    void leadershipIsVisibleFromTheStartAndKeepsItsStartTime() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorMetrics metrics = new OperatorMetrics(registry);

        assertThat(registry.scrape())
                .containsPattern("(?m)^kumaops_leader 0(\\.0)?$")
                .containsPattern("(?m)^kumaops_leadership_start_time_seconds 0(\\.0)?$");

        metrics.startedLeading(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(registry.get("kumaops_leader").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("kumaops_leadership_start_time_seconds").gauge().value()).isEqualTo(1.7e9);

        metrics.stoppedLeading();
        assertThat(registry.get("kumaops_leader").gauge().value()).isZero();
        assertThat(registry.get("kumaops_leadership_start_time_seconds").gauge().value()).isEqualTo(1.7e9);
    }

    @Test
    void passesAreCountedPerProfileOutsideTheExportAndForgottenWithTheProfile() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorMetrics metrics = new OperatorMetrics(registry);
        assertThat(metrics.passesStarted("payments")).isZero();

        metrics.passStarted("payments");
        metrics.passStarted("payments");
        metrics.passStarted("orders");
        assertThat(metrics.passesStarted("payments")).isEqualTo(2);
        assertThat(metrics.passesStarted("orders")).isEqualTo(1);
        assertThat(registry.scrape()).doesNotContain("payments");

        metrics.status("payments", null);
        assertThat(metrics.passesStarted("payments")).isZero();
        assertThat(metrics.passesStarted("orders")).isEqualTo(1);
    }
}
