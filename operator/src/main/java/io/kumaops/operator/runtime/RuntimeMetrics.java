package io.kumaops.operator.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.List;

/**
 * The process beside the operator's own metrics: Micrometer's JVM and system binders (memory and buffer pools, GC,
 * threads, classes, CPU, uptime, file descriptors, JVM info) and {@code kumaops_build_info}. Names are documented in
 * docs/operations.md#metrics. {@link #close()} detaches the GC listener.
 */
public final class RuntimeMetrics implements AutoCloseable {

    /**
     * Exported as {@code kumaops_build_info}. Spelled with dots on purpose: Micrometer's Prometheus registry exports a
     * gauge whose name ends in {@code .info} as a Prometheus info metric, while {@code kumaops_build_info} would lose
     * its {@code _info} suffix (the Prometheus client reserves it).
     */
    public static final String BUILD_INFO = "kumaops.build.info";

    private final JvmGcMetrics gc;

    private RuntimeMetrics(JvmGcMetrics gc) {
        this.gc = gc;
    }

    /** Binds every binder and the build-info gauge to the registry. */
    public static RuntimeMetrics bind(MeterRegistry registry, String version) {
        JvmGcMetrics gc = new JvmGcMetrics();
        List<MeterBinder> binders = List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics(), new JvmInfoMetrics());
        binders.forEach(binder -> binder.bindTo(registry));
        Gauge.builder(BUILD_INFO, () -> 1)
                .description("Always 1; the labels say which build runs: the operator's version and the Java runtime's")
                .tag("version", version)
                .tag("java_version", System.getProperty("java.version", "unknown"))
                .register(registry);
        return new RuntimeMetrics(gc);
    }

    @Override
    public void close() {
        gc.close();
    }
}
