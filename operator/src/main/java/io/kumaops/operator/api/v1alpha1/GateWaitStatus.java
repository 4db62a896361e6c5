package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A step waiting at a gate for Kuma's evidence: which step, since when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateWaitStatus {
    @JsonPropertyDescription("The step that waits, e.g. 3-mtls.")
    public String step;

    @JsonPropertyDescription("When the step began to wait (RFC 3339).")
    public String since;

    public GateWaitStatus() {
    }

    public GateWaitStatus(String step, String since) {
        this.step = step;
        this.since = since;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GateWaitStatus wait && Objects.equals(step, wait.step) && Objects.equals(since, wait.since);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, since);
    }
}
