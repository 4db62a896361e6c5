package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutSpec {
    @JsonPropertyDescription("Immediate applies policy changes mesh-wide at once; Canary applies them to canary data planes first.")
    @Default("Immediate")
    public RolloutStrategy strategy = RolloutStrategy.Immediate;

    @JsonPropertyDescription("Canary settings; used when strategy is Canary.")
    public CanarySpec canary;

    @JsonPropertyDescription("What the steps wait for: Kuma (default) waits for Kuma's control plane to report each step in effect (MeshInsight); ApiServerOnly only for the API server to store it, for clusters with Kuma's CRDs and no reporting control plane.")
    @Default("Kuma")
    public GateEvidence gates = GateEvidence.Kuma;

    @JsonPropertyDescription("How long a step may wait for Kuma's control plane to report what a gate needs (Go duration, e.g. 10m). Past it the step is blocked with the Error finding KumaNotReporting until Kuma reports; the gate still never passes on its own.")
    @Pattern(Patterns.DURATION)
    @Default("10m")
    public String gateTimeout = "10m";

    @JsonPropertyDescription("Stops the rollout before its next write: what is in place stays, findings and status keep being updated. Set back to false to continue.")
    @Default("false")
    public Boolean paused = false;
}
