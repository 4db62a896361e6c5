package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A step waiting at a gate for Kuma's evidence: which step, since when, and since when Kuma counted what it waits for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateWaitStatus {
    @JsonPropertyDescription("The step that waits, e.g. 3-mtls.")
    public String step;

    @JsonPropertyDescription("When the step began to wait (RFC 3339).")
    public String since;

    @JsonPropertyDescription("When Kuma's MeshInsight first counted what the step waits for (RFC 3339); the step goes on one"
            + " configuration refresh of Kuma's control plane later, so every connected proxy has it.")
    public String countedSince;

    public GateWaitStatus() {
    }

    public GateWaitStatus(String step, String since) {
        this(step, since, null);
    }

    public GateWaitStatus(String step, String since, String countedSince) {
        this.step = step;
        this.since = since;
        this.countedSince = countedSince;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GateWaitStatus wait && Objects.equals(step, wait.step) && Objects.equals(since, wait.since)
                && Objects.equals(countedSince, wait.countedSince);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, since, countedSince);
    }
}
