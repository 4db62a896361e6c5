package io.kumaops.operator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Machine output: {@code {"findings":[…],"summary":{…}}}. Every key is always present (null when empty), so
 * consumers can rely on the shape.
 */
public final class JsonReport {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    public static String render(List<ProfileFindings> profiles) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode findings = root.putArray("findings");
        for (ProfileFindings profile : profiles) {
            for (Finding finding : profile.findings()) {
                ObjectNode node = findings.addObject();
                node.put("code", finding.code);
                node.put("severity", finding.severity == null ? null : finding.severity.name());
                node.put("message", finding.message);
                node.put("remediation", finding.remediation);
                node.put("path", finding.path);
                node.put("docsUrl", finding.docsUrl);
                node.put("source", finding.source == null ? null : finding.source.name());
                node.put("suppressed", finding.isSuppressed());
                node.put("suppressionReason", finding.suppressionReason);
                YamlLocator.Position position = profile.position(finding);
                node.putObject("location").put("line", position.line()).put("column", position.column());
                ObjectNode resource = node.putObject("resource");
                resource.put("kind", profile.kind());
                resource.put("name", profile.profileName());
                resource.put("file", profile.file());
                resource.put("line", profile.line());
            }
        }
        ReportSummary summary = ReportSummary.of(profiles);
        ObjectNode totals = root.putObject("summary");
        totals.put("profiles", summary.profiles());
        totals.put("errors", summary.errors());
        totals.put("warnings", summary.warnings());
        totals.put("infos", summary.infos());
        totals.put("suppressed", summary.suppressed());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
