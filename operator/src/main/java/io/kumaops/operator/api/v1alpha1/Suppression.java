package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Suppression {
    @JsonPropertyDescription("Finding code to accept, e.g. SingleCaBackend.")
    @Required
    @Pattern("^[A-Z][A-Za-z0-9]+$")
    public String code;

    @JsonPropertyDescription("Why the finding is accepted; shown next to the suppressed finding. One line.")
    @Required
    @Pattern(Patterns.ONE_LINE_TEXT)
    @Size(max = 1024)
    public String reason;

    public Suppression() {
    }

    public Suppression(String code, String reason) {
        this.code = code;
        this.reason = reason;
    }
}
