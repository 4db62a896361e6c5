package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's own metrics (names documented in docs/operations.md):
 * kumaops_reconciles_total{result}, kumaops_step_duration_seconds{step}, kumaops_writes_total{operation},
 * kumaops_findings{code,severity} (unsuppressed findings across profiles), kumaops_profiles{phase}.
 */
public final class OperatorMetrics {

    private final MeterRegistry registry;
    private final Map<String, KumaProductionProfileStatus> statusByProfile = new ConcurrentHashMap<>();
    private final MultiGauge findings;
    private final MultiGauge profiles;

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.findings = MultiGauge.builder("kumaops_findings").description("Unsuppressed findings by code and severity").register(registry);
        this.profiles = MultiGauge.builder("kumaops_profiles").description("Profiles by phase").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void reconciled(String result) {
        Counter.builder("kumaops_reconciles_total").description("Reconciles by result").tag("result", result).register(registry).increment();
    }

    public void write(String operation) {
        Counter.builder("kumaops_writes_total").description("Writes sent to the API server for managed objects").tag("operation", operation)
                .register(registry).increment();
    }

    public void stepObserved(Step step, long nanos) {
        Timer.builder("kumaops_step_duration_seconds").description("Time to converge one rollout step in one pass").tag("step", step.id())
                .register(registry).record(Duration.ofNanos(nanos));
    }

    public void status(String profile, KumaProductionProfileStatus status) {
        if (status == null) {
            statusByProfile.remove(profile);
        } else {
            statusByProfile.put(profile, status);
        }
        Map<List<String>, Integer> byFinding = new ConcurrentHashMap<>();
        Map<String, Integer> byPhase = new ConcurrentHashMap<>();
        for (KumaProductionProfileStatus each : statusByProfile.values()) {
            for (Finding finding : each.findings) {
                if (!finding.isSuppressed()) {
                    byFinding.merge(List.of(finding.code, String.valueOf(finding.severity)), 1, Integer::sum);
                }
            }
            byPhase.merge(String.valueOf(each.phase), 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> findingRows = new ArrayList<>();
        byFinding.forEach((key, count) -> findingRows.add(MultiGauge.Row.of(Tags.of("code", key.get(0), "severity", key.get(1)), count)));
        findings.register(findingRows, true);
        List<MultiGauge.Row<?>> phaseRows = new ArrayList<>();
        byPhase.forEach((phase, count) -> phaseRows.add(MultiGauge.Row.of(Tags.of("phase", phase), count)));
        profiles.register(phaseRows, true);
    }
}
