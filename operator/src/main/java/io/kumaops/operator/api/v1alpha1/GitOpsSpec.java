package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitOpsSpec {
    @JsonPropertyDescription("Argo CD manages Kuma. Empty: detect from its CRDs.")
    public Boolean argoCD;

    @JsonPropertyDescription("Argo Rollouts runs workloads in the mesh. Empty: detect from its CRDs.")
    public Boolean argoRollouts;
}
