package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Finding {
    @JsonPropertyDescription("Stable identifier of the rule, e.g. InMemoryStore.")
    public String code;
    @JsonPropertyDescription("Error, Warning or Info.")
    public Severity severity;
    @JsonPropertyDescription("What is wrong, naming the field and its value.")
    public String message;
    @JsonPropertyDescription("The exact change that fixes it.")
    public String remediation;
    @JsonPropertyDescription("Field path in the profile (spec.controlPlane.replicas) or the cluster object the finding is about.")
    public String path;
    @JsonPropertyDescription("Documentation of the rule.")
    public String docsUrl;
    @JsonPropertyDescription("Profile or Cluster: where the evidence came from.")
    public FindingSource source;
    @JsonPropertyDescription("True when spec.suppress or the kumaops.io/suppress annotation accepts this finding.")
    public Boolean suppressed;
    @JsonPropertyDescription("The reason given for the suppression.")
    public String suppressionReason;

    public Finding() {
    }

    public Finding(String code, Severity severity, String path, String message, String remediation) {
        this.code = code;
        this.severity = severity;
        this.path = path;
        this.message = message;
        this.remediation = remediation;
    }

    public boolean isSuppressed() {
        return Boolean.TRUE.equals(suppressed);
    }
}
