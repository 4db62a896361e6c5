package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Start-up, side by side: {@code java -jar kuma-production-operator.jar ARGS} (the invocation before the launcher) and
 * {@code bin/kuma-production-operator ARGS} (class-data archive, C1 only, serial GC), alternating run by run so that
 * both see the same load, {@value #DEFAULT_RUNS} runs each after two warm-up runs each. Prints one BENCHMARK line per
 * command with the median and p90 of wall and CPU time (user + system, the process and its children) and the ratios,
 * and writes them to operator/target/benchmark-startup.txt. Figures, not a timed assertion: the machines are shared.
 * It asserts only that every run of both printed the same bytes.
 *
 * <p>Opt-in, like the other benchmarks (about a minute on 2 cores): {@code mvn -B -o verify -pl operator -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StartupBenchmarkIT -Dkumaops.benchmarks=true} (or
 * KUMAOPS_BENCHMARKS=1); {@code -Dkumaops.benchmark.startupRuns=N} changes the number of runs.
 */
class StartupBenchmarkIT {

    static final int DEFAULT_RUNS = 15;
    private static final int WARM_UP_RUNS = 2;

    record Figures(String command, int runs, long wallMedian, long wallP90, long cpuMedian, long cpuP90) {
    }

    @Test
    void javaJarAndTheLauncherSideBySide() throws Exception {
        assumeTrue(Boolean.getBoolean("kumaops.benchmarks") || "1".equals(System.getenv("KUMAOPS_BENCHMARKS")),
                "benchmark is opt-in: -Dkumaops.benchmarks=true or KUMAOPS_BENCHMARKS=1");
        int runs = Integer.getInteger("kumaops.benchmark.startupRuns", DEFAULT_RUNS);
        String loadBefore = loadAverage();
        List<String> lines = new ArrayList<>();
        for (List<String> args : List.of(List.of("lint", "-f", "examples/"), List.of("render", "-f", "examples/"))) {
            List<JvmProcess.Run> plain = new ArrayList<>();
            List<JvmProcess.Run> launched = new ArrayList<>();
            for (int i = 0; i < WARM_UP_RUNS + runs; i++) {
                JvmProcess.Run before = JvmProcess.run(JvmProcess.javaJar(args), Map.of());
                JvmProcess.Run after = JvmProcess.run(JvmProcess.viaLauncher(args), Map.of());
                assertThat(after.exitCode()).as(after.describe()).isEqualTo(before.exitCode());
                assertThat(after.out()).as(after.describe()).isEqualTo(before.out());
                if (i >= WARM_UP_RUNS) {
                    plain.add(before);
                    launched.add(after);
                }
            }
            Figures old = figures(String.join(" ", args), plain);
            Figures fast = figures(String.join(" ", args), launched);
            lines.add(String.format(Locale.ROOT, "BENCHMARK startup command=\"%s\" runs=%d each, alternating"
                            + " java_jar: wall_ms median=%d p90=%d cpu_ms median=%d p90=%d"
                            + " launcher: wall_ms median=%d p90=%d cpu_ms median=%d p90=%d"
                            + " ratio(java_jar/launcher): wall_median=%.2f cpu_median=%.2f",
                    old.command(), runs, old.wallMedian(), old.wallP90(), old.cpuMedian(), old.cpuP90(),
                    fast.wallMedian(), fast.wallP90(), fast.cpuMedian(), fast.cpuP90(),
                    old.wallMedian() / (double) fast.wallMedian(), old.cpuMedian() / (double) fast.cpuMedian()));
        }
        lines.add("BENCHMARK startup machine: " + Runtime.getRuntime().availableProcessors() + " cores, load average before "
                + loadBefore + ", after " + loadAverage() + ", java " + System.getProperty("java.runtime.version"));
        lines.forEach(System.out::println);
        Files.write(ProjectPaths.root().resolve("operator/target/benchmark-startup.txt"), lines);
    }

    static Figures figures(String command, List<JvmProcess.Run> runs) {
        return new Figures(command, runs.size(), percentile(runs, JvmProcess.Run::wallMillis, 50), percentile(runs, JvmProcess.Run::wallMillis, 90),
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
