package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObservedState {
    @JsonPropertyDescription("Whether Kuma's CRDs are installed.")
    public Boolean kumaInstalled;
    @JsonPropertyDescription("Data planes of this mesh.")
    public Integer dataplanes;
    @JsonPropertyDescription("Replicas of the control-plane Deployment.")
    public Integer controlPlaneReplicas;
    @JsonPropertyDescription("Whether a PodDisruptionBudget selects the control-plane pods.")
    public Boolean controlPlaneDisruptionBudget;
    @JsonPropertyDescription("The mesh's enabled mTLS backend as observed.")
    public String mtlsEnabledBackend;
    @JsonPropertyDescription("Detected platform provider.")
    public String platformProvider;
    @JsonPropertyDescription("Whether Cilium was detected.")
    public Boolean cilium;
    @JsonPropertyDescription("Whether Argo CD was detected.")
    public Boolean argoCD;
    @JsonPropertyDescription("Whether Argo Rollouts was detected.")
    public Boolean argoRollouts;
    @JsonPropertyDescription("MeshTrafficPermissions of this mesh in the system namespace that the profile does not own: listed, never changed.")
    public java.util.List<String> unmanagedPermissions;
}
