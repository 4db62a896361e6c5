package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KumaProductionProfileStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Pending, Progressing, Ready, Blocked (an Error finding stops a step) or Degraded (a write failed).")
    public Phase phase;

    @JsonPropertyDescription("The mesh the profile governs.")
    public String meshName;

    @JsonPropertyDescription("The rollout step in progress, e.g. 3-mtls; empty when all steps are done.")
    public String currentStep;

    @JsonPropertyDescription("Rollout steps whose resources are observed in the API server.")
    public List<String> completedSteps = new ArrayList<>();

    @JsonPropertyDescription("Standard conditions, one type per meaning: Ready, Progressing, Degraded, MtlsEnabled, TrafficPermitted, KumaInstalled.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("Production anti-patterns found in the profile and in the live cluster.")
    public List<Finding> findings = new ArrayList<>();

    @JsonPropertyDescription("Counts of unsuppressed findings by severity.")
    public FindingSummary summary = new FindingSummary();

    @JsonPropertyDescription("Resources the operator applied for this profile.")
    public List<ManagedResource> managedResources = new ArrayList<>();

    @JsonPropertyDescription("What the operator observed in the live cluster.")
    public ObservedState observed;

    @JsonPropertyDescription("Sizing and configuration recommendations derived from what was observed.")
    public List<Recommendation> recommendations = new ArrayList<>();

    @JsonPropertyDescription("Progress of a CA rotation, when one is under way.")
    public MtlsRotationStatus mtlsRotation;

    @JsonPropertyDescription("Progress of a canary rollout of the mesh-wide default policies (spec.rollout.strategy Canary).")
    public PolicyCanaryStatus policyCanary;

    @JsonPropertyDescription("The gate a step waits at for Kuma's reports, and since when (survives restarts; cleared when the gate passes).")
    public GateWaitStatus gateWait;

    @JsonPropertyDescription("The last gate passed by hand with the annotation kumaops.io/pass-gate: step, reason, what it waited for, when.")
    public GatePassStatus lastGatePass;
}
