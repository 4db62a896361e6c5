package io.kumaops.operator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.RuleCatalog;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0 in the subset GitHub code scanning reads: one run; every code a finding may carry described in
 * {@code tool.driver.rules} (help in Markdown, a security severity for the security-relevant ones); one result per
 * unsuppressed finding at its field's line and column, in a file URI relative to the working directory.
 *
 * <p>GitHub ignores SARIF {@code suppressions} and would raise an alert for a finding the profile accepted, so
 * suppressed findings are left out unless {@link ReportOptions#includeSuppressed()} asks for them (for viewers that
 * honour suppressions).
 */
public final class SarifReport {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String TOOL_NAME = "kuma-production-operator";
    public static final String INFORMATION_URI = "https://github.com/kumaops/kuma-production-operator";
    /** Our own fingerprint key; GitHub computes primaryLocationLineHash itself and must not be sent a fake one. */
    static final String FINGERPRINT_KEY = "kumaopsFinding/v1";
    /** artifactLocation.uri of profiles read from stdin (there is no file to point at). */
    static final String STDIN_URI = "stdin";
    /** The base every file URI is relative to: the working directory lint ran in (the repository root in CI). */
    static final String SRCROOT = "%SRCROOT%";

    /**
     * GitHub's {@code security-severity} (0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0+ critical) for the codes
     * that weaken the mesh's security: traffic that skips mTLS or the proxy, permissions that allow everything, and
     * missing fences. Other codes are about availability or operations and get none. Documented in docs/cli.md.
     */
    public static final Map<String, String> SECURITY_SEVERITY = securitySeverities();

    private SarifReport() {
    }

    private static Map<String, String> securitySeverities() {
        Map<String, String> scores = new LinkedHashMap<>();
        scores.put("CrossZoneWithoutMtls", "8.0");           // cross-zone traffic in plaintext
        scores.put("PermissiveMtlsMode", "7.5");             // plaintext inbound bypasses identity and permissions
        scores.put("CiliumKubeProxyReplacement", "7.5");     // the sidecar is bypassed: no mTLS, no mesh policy
        scores.put("CiliumExclusiveCni", "7.0");             // new pods start without traffic redirection
        scores.put("MtlsDisableRefused", "6.5");             // the profile asks for mTLS off
        scores.put("GlobalControlPlaneExposedToDataplanes", "6.0"); // no fence around the global control plane
        scores.put("ZonePolicyFenceMissing", "5.5");         // zone writes override the global policies
        scores.put("EnabledBackendNotDefined", "5.0");       // mTLS cannot be switched on
        scores.put("AllowAllTrafficPermission", "5.0");      // any workload may call any service
        scores.put("DelegatedGatewayNotAnnotated", "5.0");   // north-south traffic may bypass mesh policy
        scores.put("RestrictedPlatformWithoutCni", "4.0");   // the way out without CNI is NET_ADMIN for workloads
        scores.put("SingleCaBackend", "4.0");                // a compromised CA cannot be rotated with mTLS on
        return Map.copyOf(scores);
    }

    public static String render(List<ProfileFindings> profiles, RuleCatalog catalog, ReportOptions options) {
        return render(profiles, RuleHelp.all(catalog), options);
    }

    public static String render(List<ProfileFindings> profiles, List<RuleHelp> rules, ReportOptions options) {
        ObjectNode root = JsonReport.MAPPER.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", TOOL_NAME);
        if (options.toolVersion() != null) {
            driver.put("version", options.toolVersion());
        }
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode ruleNodes = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (RuleHelp rule : rules) {
            ruleIndex.put(rule.code(), ruleNodes.size());
            describe(ruleNodes.addObject(), rule);
        }
        // Said, not given: an absolute path of the machine that ran lint means nothing where the report is read.
        run.putObject("originalUriBaseIds").putObject(SRCROOT).putObject("description")
                .put("text", "The working directory kuma-production-operator lint ran in (the repository root in CI).");
        run.put("columnKind", "unicodeCodePoints");
        ArrayNode results = run.putArray("results");
        for (ProfileFindings profile : profiles) {
            for (Finding finding : profile.findings()) {
                if (finding.isSuppressed() && !options.includeSuppressed()) {
                    continue;
                }
                result(results.addObject(), finding, profile, ruleIndex, options.baseDirectory());
            }
        }
        try {
            return JsonReport.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void describe(ObjectNode node, RuleHelp rule) {
        node.put("id", rule.code());
        node.put("name", rule.code());
        node.putObject("shortDescription").put("text", rule.title());
        node.putObject("fullDescription").put("text", rule.why());
        ObjectNode help = node.putObject("help");
        help.put("text", rule.text());
        help.put("markdown", rule.markdown());
        node.put("helpUri", rule.helpUri());
        node.putObject("defaultConfiguration").put("level", level(rule.severity()));
        ObjectNode properties = node.putObject("properties");
        ArrayNode tags = properties.putArray("tags").add("kuma").add("production");
        String securitySeverity = SECURITY_SEVERITY.get(rule.code());
        if (securitySeverity != null) {
            // GitHub reads security-severity for rules tagged security, and ranks their alerts by it.
            tags.add("security");
            properties.put("security-severity", securitySeverity);
        }
        // The rules judge configuration deterministically: no false positives by guesswork.
        properties.put("precision", "very-high");
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
        String uri = artifactUri(profile.file(), baseDirectory);
        ObjectNode artifact = physical.putObject("artifactLocation").put("uri", uri);
        if (!STDIN_URI.equals(uri)) {
            artifact.put("uriBaseId", SRCROOT);
        }
        YamlLocator.Position position = profile.position(finding);
        physical.putObject("region").put("startLine", position.line()).put("startColumn", position.column());
        // Stable across runs and edits elsewhere in the file: no line number, only what the finding is about.
        node.putObject("partialFingerprints").put(FINGERPRINT_KEY,
                fingerprint(finding.code + "|" + uri + "|" + profile.kind() + "|" + profile.profileName() + "|" + finding.path));
        ObjectNode properties = node.putObject("properties");
        properties.put("profile", profile.profileName());
        properties.put("kind", profile.kind());
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

    /**
     * A forward-slashed, percent-encoded URI relative to {@code baseDirectory}, never an absolute path: a file outside
     * it is reached with {@code ../}, which code scanning cannot show but which leaks nothing of the machine.
     */
    static String artifactUri(String file, Path baseDirectory) {
        if (file == null || file.equals("<stdin>") || file.equals("-")) {
            return STDIN_URI;
        }
        Path base = (baseDirectory == null ? Path.of("") : baseDirectory).toAbsolutePath().normalize();
        Path path = base.resolve(file).normalize();
        Path relative;
        try {
            relative = base.relativize(path);
        } catch (IllegalArgumentException e) {
            // Another root (a Windows drive): the file name is all that can be said without an absolute path.
            relative = path.getFileName();
        }
        return encode(relative.toString().replace('\\', '/'));
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
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
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
