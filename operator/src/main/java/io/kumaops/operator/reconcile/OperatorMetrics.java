package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.Step;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's own metrics (names documented in docs/operations.md):
 * kumaops_reconciles_total{result}, kumaops_step_duration_seconds{step}, kumaops_writes_total{operation},
 * kumaops_findings{code,severity} (unsuppressed findings across profiles), kumaops_profiles{phase},
 * kumaops_leader and kumaops_leadership_start_time_seconds.
 */
public final class OperatorMetrics {

    private final MeterRegistry registry;
    private final Map<String, KumaProductionProfileStatus> statusByProfile = new ConcurrentHashMap<>();
    private final MultiGauge findings;
    private final MultiGauge profiles;
    private final AtomicLong leader = new AtomicLong();
    private final AtomicLong leadingSinceMillis = new AtomicLong();
    /** Not exported (a profile label would make a series per profile): what tests wait on instead of sleeping. */
    private final Map<String, AtomicLong> passesByProfile = new ConcurrentHashMap<>();

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.findings = MultiGauge.builder("kumaops_findings").description("Unsuppressed findings by code and severity").register(registry);
        this.profiles = MultiGauge.builder("kumaops_profiles").description("Profiles by phase").register(registry);
        // Registered at 0 from the start, so a standby replica is visible as one.
        Gauge.builder("kumaops_leader", leader, AtomicLong::get)
                .description("1 while this process reconciles (holds the Lease, or runs without leader election), else 0")
                .register(registry);
        // A timestamp rather than a counter: it survives the restart that follows a lost Lease, so every new
        // leadership is visible to Prometheus even when the new leader's first scrape already shows it leading.
        Gauge.builder("kumaops_leadership_start_time_seconds", leadingSinceMillis, millis -> millis.get() / 1000.0)
                .description("Unix time at which this process last started reconciling; 0 while it never has")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** This process started reconciling: it took the Lease, or it runs without leader election. */
    public void startedLeading(Instant at) {
        leadingSinceMillis.set(at.toEpochMilli());
        leader.set(1);
    }

    /** This process stopped reconciling (shutdown or a lost Lease); the start time stays for the record. */
    public void stoppedLeading() {
        leader.set(0);
    }

    public void reconciled(String result) {
        Counter.builder("kumaops_reconciles_total").description("Reconciles by result").tag("result", result).register(registry).increment();
    }

    /** A pass over the profile begins: it has not observed anything yet. */
    public void passStarted(String profile) {
        passesByProfile.computeIfAbsent(profile, p -> new AtomicLong()).incrementAndGet();
    }

    /**
     * The passes over the profile this process has begun (0 for one it never reconciled, or once it is deleted). JOSDK
     * runs one pass of a profile at a time, its status write included, so each pass begins after the one before has
     * ended.
     */
    public long passesStarted(String profile) {
        AtomicLong passes = passesByProfile.get(profile);
        return passes == null ? 0 : passes.get();
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
            passesByProfile.remove(profile);
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
