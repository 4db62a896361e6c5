package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Start-up, side by side: {@code java -jar kuma-production-operator.jar ARGS} (the invocation before the launcher),
 * {@code bin/kuma-production-operator ARGS} (class-data archive, C1 only, serial GC) and the launcher with
 * {@code KPO_CDS=off} (its JVM options alone), one run of each in turn so that all see the same load,
 * {@value #DEFAULT_RUNS} runs each after two warm-up runs each. Prints one BENCHMARK line per command with the median
 * and p90 of wall and CPU time (user + system, the process and its children) and the ratios to {@code java -jar},
 * and writes them to operator/target/benchmark-startup.txt. Figures, not a timed assertion: the machines are shared.
 * It asserts only that every run printed the same bytes.
 *
 * <p>Opt-in, like the other benchmarks (about two minutes on 2 cores): {@code mvn -B -o verify -pl operator -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StartupBenchmarkIT -Dkumaops.benchmarks=true} (or
 * KUMAOPS_BENCHMARKS=1); {@code -Dkumaops.benchmark.startupRuns=N} changes the number of runs.
 */
class StartupBenchmarkIT {

    static final int DEFAULT_RUNS = 15;
    private static final int WARM_UP_RUNS = 2;

    record Figures(long wallMedian, long wallP90, long cpuMedian, long cpuP90) {
    }

    /** One way to start the jar: its name in the figures, its command line and its environment. */
    record Variant(String name, Function<List<String>, List<String>> command, Map<String, String> environment) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("java_jar", JvmProcess::javaJar, Map.of()),
            new Variant("launcher", JvmProcess::viaLauncher, Map.of()),
            // The launcher's JVM options alone: what a job that cannot keep the archive gets.
            new Variant("launcher_without_archive", JvmProcess::viaLauncher, Map.of("KPO_CDS", "off")));

    @Test
    void javaJarAndTheLauncherSideBySide() throws Exception {
        assumeTrue(Boolean.getBoolean("kumaops.benchmarks") || "1".equals(System.getenv("KUMAOPS_BENCHMARKS")),
                "benchmark is opt-in: -Dkumaops.benchmarks=true or KUMAOPS_BENCHMARKS=1");
        int runs = Integer.getInteger("kumaops.benchmark.startupRuns", DEFAULT_RUNS);
        String loadBefore = loadAverage();
        List<String> lines = new ArrayList<>();
        for (List<String> args : List.of(List.of("lint", "-f", "examples/"), List.of("render", "-f", "examples/"))) {
            Map<Variant, List<JvmProcess.Run>> measured = new LinkedHashMap<>();
            VARIANTS.forEach(v -> measured.put(v, new ArrayList<>()));
            for (int i = 0; i < WARM_UP_RUNS + runs; i++) {
                JvmProcess.Run first = null;
                for (Variant variant : VARIANTS) {
                    JvmProcess.Run run = JvmProcess.run(variant.command().apply(args), variant.environment());
                    first = first == null ? run : first;
                    assertThat(run.exitCode()).as(variant.name() + ": " + run.describe()).isEqualTo(first.exitCode());
                    assertThat(run.out()).as(variant.name() + ": " + run.describe()).isEqualTo(first.out());
                    if (i >= WARM_UP_RUNS) {
                        measured.get(variant).add(run);
                    }
                }
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "BENCHMARK startup command=\"%s\" runs=%d each, in turn",
                    String.join(" ", args), runs));
            Figures before = figures(measured.get(VARIANTS.get(0)));
            for (Variant variant : VARIANTS) {
                Figures f = figures(measured.get(variant));
                line.append(String.format(Locale.ROOT, " %s: wall_ms median=%d p90=%d cpu_ms median=%d p90=%d", variant.name(),
                        f.wallMedian(), f.wallP90(), f.cpuMedian(), f.cpuP90()));
                if (variant != VARIANTS.get(0)) {
                    line.append(String.format(Locale.ROOT, " (java_jar/this: wall %.2f, cpu %.2f)",
                            before.wallMedian() / (double) f.wallMedian(), before.cpuMedian() / (double) f.cpuMedian()));
                }
            }
            lines.add(line.toString());
        }
        lines.add("BENCHMARK startup machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average before "
                + loadBefore + ", after " + loadAverage() + ", java " + System.getProperty("java.runtime.version"));
        lines.forEach(System.out::println);
        Files.write(ProjectPaths.root().resolve("operator/target/benchmark-startup.txt"), lines);
    }

    static Figures figures(List<JvmProcess.Run> runs) {
        return new Figures(percentile(runs, JvmProcess.Run::wallMillis, 50), percentile(runs, JvmProcess.Run::wallMillis, 90),
                percentile(runs, JvmProcess.Run::cpuMillis, 50), percentile(runs, JvmProcess.Run::cpuMillis, 90));
    }

    /** Nearest rank: the smallest value that at least {@code percent} of the runs do not exceed. */
    static long percentile(List<JvmProcess.Run> runs, ToLongFunction<JvmProcess.Run> value, int percent) {
        long[] sorted = runs.stream().mapToLong(value).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
