package io.kumaops.operator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.Rule;
import io.kumaops.operator.rules.RuleCatalog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 in the subset GitHub code scanning reads: one run, every catalog rule described in
 * {@code tool.driver.rules}, one result per finding located at the profile document's first line, suppressed
 * findings carried with an {@code inSource} suppression rather than dropped.
 */
public final class SarifReport {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String TOOL_NAME = "kuma-production-operator";
    public static final String INFORMATION_URI = "https://github.com/kumaops/kuma-production-operator";
    /** Our own fingerprint key; GitHub computes primaryLocationLineHash itself and must not be sent a fake one. */
    static final String FINGERPRINT_KEY = "kumaopsFinding/v1";
    /** artifactLocation.uri of profiles read from stdin (there is no file to point at). */
    static final String STDIN_URI = "stdin";

    private SarifReport() {
    }

    /**
     * @param baseDirectory absolute file paths under it are written relative to it (GitHub resolves URIs against
     *                      the repository root, where CI runs lint)
     */
    public static String render(List<ProfileFindings> profiles, RuleCatalog catalog, Path baseDirectory) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (Rule rule : catalog.rules()) {
            ruleIndex.put(rule.code(), rules.size());
            describe(rules.addObject(), rule);
        }
        ArrayNode results = run.putArray("results");
        for (ProfileFindings profile : profiles) {
            for (Finding finding : profile.findings()) {
                result(results.addObject(), finding, profile, ruleIndex, baseDirectory);
            }
        }
        try {
            return JsonReport.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void describe(ObjectNode node, Rule rule) {
        node.put("id", rule.code());
        node.put("name", rule.code());
        node.putObject("shortDescription").put("text", rule.doc().title());
        node.putObject("fullDescription").put("text", rule.doc().why());
        node.putObject("help").put("text", rule.doc().fix());
        node.put("helpUri", RuleCatalog.docsUrl(rule.code()));
        node.putObject("defaultConfiguration").put("level", level(rule.severity()));
        node.putObject("properties").putArray("tags").add("kuma").add("production");
    }

    private static void result(ObjectNode node, Finding finding, ProfileFindings profile, Map<String, Integer> ruleIndex,
                               Path baseDirectory) {
        node.put("ruleId", finding.code);
        Integer index = ruleIndex.get(finding.code);
        if (index != null) {
            node.put("ruleIndex", index);
        }
        node.put("level", level(finding.severity));
        String text = profile.profileName() + ": " + finding.message
                + (finding.remediation == null ? "" : ". Fix: " + finding.remediation);
        node.putObject("message").put("text", text);
        ObjectNode physical = node.putArray("locations").addObject().putObject("physicalLocation");
        physical.putObject("artifactLocation").put("uri", artifactUri(profile.file(), baseDirectory));
        physical.putObject("region").put("startLine", Math.max(1, profile.line()));
        node.putObject("partialFingerprints").put(FINGERPRINT_KEY,
                fingerprint(profile.profileName() + "|" + finding.code + "|" + finding.path));
        ObjectNode properties = node.putObject("properties");
        properties.put("profile", profile.profileName());
        properties.put("path", finding.path);
        if (finding.source != null) {
            properties.put("source", finding.source.name());
        }
        if (finding.isSuppressed()) {
            ObjectNode suppression = node.putArray("suppressions").addObject();
            suppression.put("kind", "inSource");
            suppression.put("justification", finding.suppressionReason);
        }
    }

    /** error / warning / note, SARIF's names for our severities. */
    static String level(Severity severity) {
        if (severity == null) {
            return "none";
        }
        return switch (severity) {
            case Error -> "error";
            case Warning -> "warning";
            case Info -> "note";
        };
    }

    /** A relative, forward-slashed, percent-encoded URI for the profile's file. */
    static String artifactUri(String file, Path baseDirectory) {
        if (file == null || file.equals("<stdin>") || file.equals("-")) {
            return STDIN_URI;
        }
        Path path = Path.of(file).normalize();
        if (path.isAbsolute() && baseDirectory != null) {
            Path base = baseDirectory.toAbsolutePath().normalize();
            if (path.startsWith(base)) {
                path = base.relativize(path);
            }
        }
        String slashed = path.toString().replace('\\', '/');
        return encode(slashed);
    }

    private static String encode(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (unreserved) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String fingerprint(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
