package io.kumaops.operator.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the chart's README.md from Chart.yaml and the comments of values.yaml, in the manner of helm-docs
 * (which is not available here): a comment starting with {@code # --} describes the key below it, further
 * {@code #} lines continue it, and {@code # @default -- text} replaces the default shown. A described map is one
 * row; an undescribed map is broken into its keys. Rows keep the order of values.yaml.
 *
 * <p>Regenerate: {@value #REGENERATE_COMMAND} (ChartReadmeTest fails when the committed file differs).
 */
final class ChartReadmeGenerator {

    static final String REGENERATE_COMMAND =
            "mvn -B -o -pl operator test -Dtest=ChartReadmeTest -Dkumaops.regenerateDocs=true";

    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z_][A-Za-z0-9_.-]*)\\s*:(\\s.*)?$");
    private static final Pattern COMMENT = Pattern.compile("^ *#(.*)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One documented value. */
    record Row(String key, String type, String defaultValue, String description) {
    }

    private ChartReadmeGenerator() {
    }

    static Path readme() {
        return ChartSupport.chartDir().resolve("README.md");
    }

    /** The rows, from values.yaml's text (for the comments) and its parsed tree (for types and defaults). */
    static List<Row> rows(String valuesYaml) {
        JsonNode values = ChartSupport.documents(valuesYaml).get(0);
        List<Row> rows = new ArrayList<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> path = new ArrayDeque<>();
        List<String> comments = new ArrayList<>();
        // Keys below a described map, or inside a list item, belong to a row already written.
        int coveredBelowIndent = -1;
        for (String line : valuesYaml.split("\n", -1)) {
            Matcher comment = COMMENT.matcher(line);
            if (comment.matches()) {
                comments.add(comment.group(1));
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (!key.matches()) {
                comments.clear();
                continue;
            }
            int indent = key.group(1).length();
            while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                indents.pop();
                path.removeLast();
            }
            indents.push(new int[] {indent});
            path.addLast(key.group(2));
            List<String> block = List.copyOf(comments);
            comments.clear();
            if (coveredBelowIndent >= 0 && indent > coveredBelowIndent) {
                continue;
            }
            coveredBelowIndent = -1;
            JsonNode node = at(values, path);
            if (node == null) {
                continue;
            }
            Description description = Description.of(block);
            boolean nonEmptyMap = node.isObject() && !node.isEmpty();
            if (description.text != null || !nonEmptyMap) {
                rows.add(new Row(String.join(".", path), type(node),
                        description.defaultValue != null ? description.defaultValue : "`" + json(node) + "`",
                        description.text == null ? "" : description.text));
                if (nonEmptyMap) {
                    coveredBelowIndent = indent;
                }
            }
        }
        return rows;
    }

    /** The README's full text. */
    static String generate() {
        Path chartDir = ChartSupport.chartDir();
        JsonNode chart = ChartSupport.documents(ChartSupport.read(chartDir.resolve("Chart.yaml"))).get(0);
        String home = chart.path("home").asText();
        String docs = home + "/blob/main/docs/";
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from Chart.yaml and the comments in values.yaml by ChartReadmeGenerator; do not edit.\n")
                .append("     Regenerate with: ").append(REGENERATE_COMMAND).append(" -->\n")
                .append("# ").append(chart.path("name").asText()).append("\n\n")
                .append("Version ").append(chart.path("version").asText())
                .append(" · appVersion ").append(chart.path("appVersion").asText())
                .append(" · Kubernetes ").append(chart.path("kubeVersion").asText()).append("\n\n")
                .append(chart.path("description").asText().trim()).append("\n\n")
                .append("Home: <").append(home).append(">\n\n");
        // Absolute links: the README is packaged with the chart and shown where relative links do not resolve.
        out.append("## Install\n\n")
                .append("```sh\n")
                .append("helm install kuma-production-operator deploy/helm/kuma-production-operator \\\n")
                .append("  --namespace kuma-production-operator --create-namespace\n")
                .append("```\n\n")
                .append("Upgrades (the CRD first, or `crds.enabled`), RBAC, security context, NetworkPolicy and monitoring: ")
                .append("[docs/deploy-helm.md](").append(docs).append("deploy-helm.md). ")
                .append("Alerts and metrics: [docs/operations.md](").append(docs).append("operations.md).\n\n");
        out.append("## Values\n\n")
                .append("`values.schema.json` rejects unknown keys and wrong types.\n\n")
                .append("| Key | Type | Default | Description |\n")
                .append("|-----|------|---------|-------------|\n");
        for (Row row : rows(ChartSupport.read(chartDir.resolve("values.yaml")))) {
            out.append("| `").append(row.key()).append("` | ").append(row.type()).append(" | ")
                    .append(cell(row.defaultValue())).append(" | ").append(cell(row.description())).append(" |\n");
        }
        out.append("\n## Source code\n\n");
        chart.path("sources").forEach(s -> out.append("* <").append(s.asText()).append(">\n"));
        out.append("\n## Maintainers\n\n")
                .append("| Name | Url |\n")
                .append("|------|-----|\n");
        chart.path("maintainers").forEach(m -> out.append("| ").append(m.path("name").asText()).append(" | <")
                .append(m.path("url").asText()).append("> |\n"));
        return out.toString();
    }

    static void write() {
        ChartSupport.write(readme(), generate());
    }

    public static void main(String[] args) {
        write();
        System.out.println("wrote " + readme());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /** The description of a key: from the last "# --" line of the comment block above it. */
    private record Description(String text, String defaultValue) {
        static Description of(List<String> block) {
            int start = -1;
            for (int i = 0; i < block.size(); i++) {
                if (block.get(i).startsWith(" --")) {
                    start = i;
                }
            }
            if (start < 0) {
                return new Description(null, null);
            }
            StringBuilder text = new StringBuilder(block.get(start).substring(3).trim());
            String defaultValue = null;
            for (String line : block.subList(start + 1, block.size())) {
                String content = line.trim();
                if (content.startsWith("@default --")) {
                    defaultValue = content.substring("@default --".length()).trim();
                } else if (!content.isEmpty()) {
                    text.append(' ').append(content);
                }
            }
            return new Description(text.toString(), defaultValue);
        }
    }

    private static JsonNode at(JsonNode root, Iterable<String> path) {
        JsonNode node = root;
        for (String name : path) {
            if (!node.isObject() || !node.has(name)) {
                return null;
            }
            node = node.get(name);
        }
        return node;
    }

    private static String type(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        } else if (node.isBoolean()) {
            return "bool";
        } else if (node.isIntegralNumber()) {
            return "int";
        } else if (node.isNumber()) {
            return "float";
        } else if (node.isArray()) {
            return "list";
        } else if (node.isObject()) {
            return "object";
        }
        return "string";
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Markdown table cell: pipes escaped, on one line, and outside code spans no "<" that could open an HTML tag. */
    private static String cell(String text) {
        String[] parts = text.replace("|", "\\|").replace("\n", " ").split("`", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            out.append(i % 2 == 0 ? parts[i].replace("<", "&lt;") : parts[i]);
            if (i < parts.length - 1) {
                out.append('`');
            }
        }
        return out.toString();
    }
}
