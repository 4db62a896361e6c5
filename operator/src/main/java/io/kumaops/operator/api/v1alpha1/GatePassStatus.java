package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A gate passed by hand (annotation kumaops.io/pass-gate): which step, why, and what the gate was waiting for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatePassStatus {
    @JsonPropertyDescription("The step that passed its gate, e.g. 3-mtls.")
    public String step;

    @JsonPropertyDescription("The reason given in the annotation.")
    public String reason;

    @JsonPropertyDescription("What the gate was waiting for when it was passed.")
    public String waitedFor;

    @JsonPropertyDescription("When it was passed (RFC 3339).")
    public String at;

    public GatePassStatus() {
    }

    public GatePassStatus(String step, String reason, String waitedFor, String at) {
        this.step = step;
        this.reason = reason;
        this.waitedFor = waitedFor;
        this.at = at;
    }
}
