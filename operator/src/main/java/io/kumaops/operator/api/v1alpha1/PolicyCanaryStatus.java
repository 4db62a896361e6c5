package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PolicyCanaryStatus {
    public static final String IDLE = "Idle";
    public static final String WAITING = "Waiting";
    public static final String BAKING = "Baking";
    public static final String PROMOTED = "Promoted";
    public static final String ROLLED_BACK = "RolledBack";

    @JsonPropertyDescription("Idle (the mesh-wide defaults are live as desired), Waiting (a change cannot start its canary while an Error finding or Degraded is open), Baking (the change runs on the canary data planes only), Promoted (the change is live mesh-wide) or RolledBack (the canary copies were removed after a failure).")
    public String phase;

    @JsonPropertyDescription("Hash of the desired mesh-wide default policy specs this phase is about.")
    public String desiredHash;

    @JsonPropertyDescription("The canary copies (<policy>-canary, targeting spec.rollout.canary.dataplaneTags) applied for this change.")
    public List<String> canaryPolicies = new ArrayList<>();

    @JsonPropertyDescription("When the canary copies were applied (RFC 3339).")
    public String startedAt;

    @JsonPropertyDescription("Earliest promotion time: startedAt plus spec.rollout.canary.bakeTime (RFC 3339).")
    public String promoteAfter;

    @JsonPropertyDescription("When the change was promoted or rolled back (RFC 3339).")
    public String finishedAt;

    @JsonPropertyDescription("The profile generation the phase was decided for; a rolled-back change is retried only after the profile changes.")
    public Long generation;

    @JsonPropertyDescription("What happens next, or why the canary stopped.")
    public String message;
}
