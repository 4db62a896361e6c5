package io.kumaops.operator.deploy;

import static io.kumaops.operator.deploy.ChartSupport.documents;
import static io.kumaops.operator.deploy.ChartSupport.get;
import static io.kumaops.operator.deploy.ChartSupport.ofKind;
import static io.kumaops.operator.deploy.ChartSupport.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.reconcile.OperatorMetrics;
import io.kumaops.operator.runtime.RuntimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's opt-in PrometheusRule and Grafana dashboard: the rules pass {@code promtool check rules} and the
 * unit tests in src/test/resources/monitoring/alerts-test.yaml ({@code promtool test rules}), and every metric
 * they query is one the operator exports.
 *
 * <p>promtool comes from Debian's {@code prometheus} package (.ci/run installs it). Without it the promtool
 * tests are skipped with the reason, except under CI=true, where they fail.
 */
class MonitoringTest {

    private static final String NAME = ChartSupport.RELEASE;
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private static List<JsonNode> rendered;

    @BeforeAll
    static void render() {
        rendered = documents(template(Map.of("monitoring",
                Map.of("prometheusRule", Map.of("enabled", true), "dashboard", Map.of("enabled", true)))));
    }

    private static JsonNode rule() {
        return get(rendered, "PrometheusRule", NAME);
    }

    private static JsonNode dashboard() throws IOException {
        JsonNode configMap = get(rendered, "ConfigMap", NAME + "-dashboard");
        return new ObjectMapper().readTree(configMap.path("data").path("kuma-production-operator.json").asText());
    }

    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        rule().path("spec").path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
        return alerts;
    }

    @Test
    void offByDefault() {
        List<JsonNode> defaults = documents(template());
        assertThat(ofKind(defaults, "PrometheusRule")).isEmpty();
        assertThat(ofKind(defaults, "ConfigMap")).isEmpty();
    }

    @Test
    void promtoolChecksTheRules(@TempDir Path dir) throws Exception {
        Path promtool = promtool();
        Path rules = writeRules(dir);

        String output = run(dir, promtool.toString(), "check", "rules", rules.toString());
        assertThat(output).contains("SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void promtoolUnitTestsOfTheAlerts(@TempDir Path dir) throws Exception {
        Path promtool = promtool();
        writeRules(dir);
        Path tests = dir.resolve("alerts-test.yaml");
        try (InputStream in = MonitoringTest.class.getResourceAsStream("/monitoring/alerts-test.yaml")) {
            assertThat(in).as("src/test/resources/monitoring/alerts-test.yaml").isNotNull();
            Files.copy(in, tests);
        }

        String output = run(dir, promtool.toString(), "test", "rules", tests.toString());
        assertThat(output).contains("SUCCESS");
    }

    @Test
    void alertsHaveTheirLabelsAndARunbook() throws IOException {
        assertThat(alerts()).extracting(a -> a.path("alert").asText()).containsExactly(
                "KumaOpsProfileBlockedOrDegraded", "KumaOpsErrorFindingOpen", "KumaOpsReconcileErrors",
                "KumaOpsWritesNotConverging", "KumaOpsLeadershipFlapping", "KumaOpsNoLeader");
        String operations = ChartSupport.read(ChartSupport.projectRoot().resolve("docs/operations.md"));
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isEqualTo("warning");
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name).startsWith("https://github.com/kumaops/kuma-production-operator/blob/main/docs/");
            if (runbook.contains("/operations.md#")) {
                assertThat(runbook).endsWith("#" + name.toLowerCase(Locale.ROOT));
                assertThat(operations).as("docs/operations.md has a heading for %s", name).contains("\n### " + name + "\n");
            }
        }
    }

    @Test
    void labelsAreConfigurable() throws IOException {
        Map<String, Object> prometheusRule = Map.of("enabled", true, "labels", Map.of("release", "prom"),
                "alertLabels", Map.of("team", "mesh", "severity", "critical"));
        Map<String, Object> dashboard = Map.of("enabled", true, "namespace", "grafana", "sidecarLabel", "dashboards",
                "sidecarLabelValue", "kuma", "annotations", Map.of("grafana_folder", "Kuma"));
        List<JsonNode> custom = documents(template(Map.of("monitoring",
                Map.of("prometheusRule", prometheusRule, "dashboard", dashboard))));

        JsonNode rule = get(custom, "PrometheusRule", NAME);
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("prom");
        rule.path("spec").path("groups").get(0).path("rules").forEach(alert -> {
            assertThat(alert.path("labels").path("team").asText()).isEqualTo("mesh");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
        });
        JsonNode configMap = get(custom, "ConfigMap", NAME + "-dashboard");
        assertThat(configMap.path("metadata").path("namespace").asText()).isEqualTo("grafana");
        assertThat(configMap.path("metadata").path("labels").path("dashboards").asText()).isEqualTo("kuma");
        assertThat(configMap.path("metadata").path("labels").has("grafana_dashboard")).isFalse();
        assertThat(configMap.path("metadata").path("annotations").path("grafana_folder").asText()).isEqualTo("Kuma");

        JsonNode defaults = get(rendered, "ConfigMap", NAME + "-dashboard");
        assertThat(defaults.path("metadata").path("namespace").asText()).isEqualTo(ChartSupport.NAMESPACE);
        assertThat(defaults.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        assertThat(dashboard().path("uid").asText()).isEqualTo("kuma-production-operator");
    }

    @Test
    void operationsDocListsTheMetricsTheOperatorRegisters() {
        Set<String> documented = new TreeSet<>(documentedMetrics());
        documented.removeIf(n -> !n.startsWith("kumaops_"));
        Set<String> registered = new TreeSet<>(registeredMetrics());
        registered.removeIf(n -> !n.startsWith("kumaops_"));

        assertThat(registered).as("kumaops_* metrics registered vs. docs/operations.md#metrics")
                .contains("kumaops_build_info")
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void operationsDocListsTheJvmAndProcessFamiliesTheOperatorExports() {
        Set<String> registered = registeredMetrics();
        JvmFamilies documented = documentedJvmFamilies();
        assertThat(documented.prefixes()).as("families in docs/operations.md#jvm-and-process")
                .contains("jvm_memory_", "jvm_gc_", "jvm_threads_", "jvm_classes_", "process_", "system_");

        for (String prefix : documented.prefixes()) {
            assertThat(registered).as("the documented family %s* is exported", prefix).anyMatch(n -> n.startsWith(prefix));
        }
        assertThat(registered).as("series listed in docs/operations.md#jvm-and-process").containsAll(documented.series());
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeIf(n -> n.startsWith("kumaops_") || n.startsWith("operator_sdk_") || documented.covers(n));
        assertThat(undocumented).as("exported metrics in no family of docs/operations.md#jvm-and-process").isEmpty();
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExported() throws IOException {
        Set<String> exported = new TreeSet<>(registeredMetrics());
        exported.addAll(documentedMetrics());
        Map<String, String> queries = new LinkedHashMap<>();
        alerts().forEach(a -> queries.put("alert " + a.path("alert").asText(), a.path("expr").asText()));
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        assertThat(queries).hasSizeGreaterThan(alerts().size() + 10);

        Set<String> used = new TreeSet<>();
        queries.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            assertThat(names).as("%s queries a metric: %s", where, expr).isNotEmpty();
            assertThat(names).as("%s: %s", where, expr).allSatisfy(n -> assertThat(exported)
                    .as("%s queries %s, which the operator does not export (docs/operations.md#metrics)", where, n)
                    .contains(n));
            used.addAll(names);
        });
        assertThat(used).as("the dashboard shows the leadership metrics")
                .contains("kumaops_leader", "kumaops_leadership_start_time_seconds");
    }

    @Test
    void metricNamesAreFoundInPromQl() {
        assertThat(metricNames("sum without (instance, result) (increase(kumaops_reconciles_total{result=~\"failed|error\"}[15m])) > 3"))
                .containsExactly("kumaops_reconciles_total");
        assertThat(metricNames("histogram_quantile(0.95, sum by (le) (rate(a_bucket[$__rate_interval]))) / on (x) b or vector(0)"))
                .containsExactly("a_bucket", "b");
    }

    // ---- metric names --------------------------------------------------------------------------------------

    /** Metric names in a PromQL expression: identifiers outside strings, matchers, ranges and label lists that are not calls. */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String token = m.group();
            boolean call = s.substring(m.end()).stripLeading().startsWith("(");
            boolean inNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!call && !inNumber && !PROMQL_KEYWORDS.contains(token.toLowerCase(Locale.ROOT))) {
                names.add(token);
            }
        }
        return names;
    }

    /**
     * What a registry set up as OperatorRunner sets it up exports, once every operator metric has a value: the
     * operator's own metrics and the JVM and process binders (JOSDK's metrics are not bound here).
     */
    private static Set<String> registeredMetrics() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (RuntimeMetrics runtime = RuntimeMetrics.bind(registry, "test")) {
            return registeredMetrics(registry);
        }
    }

    private static Set<String> registeredMetrics(PrometheusMeterRegistry registry) {
        OperatorMetrics metrics = new OperatorMetrics(registry);
        metrics.reconciled("done");
        metrics.write("apply");
        metrics.stepObserved(Step.MESH, 1_000_000L);
        metrics.startedLeading(Instant.now());
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.phase = Phase.Ready;
        status.findings.add(new Finding("InMemoryStore", Severity.Warning, "spec", "message", "fix"));
        metrics.status("payments", status);
        Set<String> names = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = IDENTIFIER.matcher(line);
                if (m.lookingAt()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /**
     * The metric tables of docs/operations.md#metrics: the name in the first column, or, where the row lists
     * suffixes (`_count`, `_sum`, …), the name with each suffix, which is what Prometheus stores.
     */
    static Set<String> documentedMetrics() {
        Set<String> names = new TreeSet<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : tableRows("## Metrics")) {
            String[] cells = line.split("\\|");
            List<String> suffixes = new ArrayList<>();
            Matcher inRow = code.matcher(line);
            while (inRow.find()) {
                if (inRow.group(1).matches("_[a-z]+")) {
                    suffixes.add(inRow.group(1));
                }
            }
            Matcher first = code.matcher(cells[1]);
            while (first.find()) {
                String name = first.group(1);
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    continue;
                }
                if (suffixes.isEmpty()) {
                    names.add(name);
                } else {
                    suffixes.forEach(suffix -> names.add(name + suffix));
                }
            }
        }
        return names;
    }

    /**
     * The table rows that start with a code span in a section of docs/operations.md: from the heading to the next one
     * of the same level.
     */
    private static List<String> tableRows(String heading) {
        String doc = ChartSupport.read(ChartSupport.projectRoot().resolve("docs/operations.md"));
        int start = doc.indexOf("\n" + heading + "\n");
        assertThat(start).as("docs/operations.md has a section '%s'", heading).isPositive();
        int end = doc.indexOf("\n" + heading.substring(0, heading.indexOf(' ') + 1), start + 1);
        return doc.substring(start, end < 0 ? doc.length() : end).lines().filter(l -> l.startsWith("| `")).toList();
    }

    /** The families (`prefix_*`, or one exact name) and the series listed in docs/operations.md#jvm-and-process. */
    record JvmFamilies(Set<String> prefixes, Set<String> names, Set<String> series) {
        boolean covers(String metric) {
            return names.contains(metric) || prefixes.stream().anyMatch(metric::startsWith);
        }
    }

    static JvmFamilies documentedJvmFamilies() {
        Set<String> prefixes = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        Set<String> series = new TreeSet<>();
        Pattern code = Pattern.compile("`([a-z][a-z0-9_]*)(\\*?)`");
        for (String line : tableRows("### JVM and process")) {
            String[] cells = line.split("(?<!\\\\)\\|");
            Matcher family = code.matcher(cells[1]);
            while (family.find()) {
                (family.group(2).isEmpty() ? names : prefixes).add(family.group(1));
            }
            Matcher listed = code.matcher(cells[3]);
            while (listed.find()) {
                if (listed.group(2).isEmpty() && listed.group(1).contains("_")) {
                    series.add(listed.group(1));
                }
            }
        }
        return new JvmFamilies(prefixes, names, series);
    }

    // ---- promtool ------------------------------------------------------------------------------------------

    private static Path writeRules(Path dir) throws IOException {
        Path rules = dir.resolve("rules.yaml");
        new YAMLMapper().writeValue(rules.toFile(), Map.of("groups", rule().path("spec").path("groups")));
        return rules;
    }

    private static Path promtool() {
        Optional<Path> found = Optional.empty();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "promtool");
            if (Files.isExecutable(candidate)) {
                found = Optional.of(candidate);
                break;
            }
        }
        if (found.isPresent()) {
            return found.get();
        }
        String reason = "promtool is not on PATH (Debian: apt-get install prometheus; .ci/run installs it)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; CI=true, so the alert rules must be checked");
        }
        System.out.println("SKIPPED MonitoringTest promtool checks: " + reason);
        Assumptions.abort(reason);
        return null;
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 60 s");
        }
        assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
        return output;
    }
}
