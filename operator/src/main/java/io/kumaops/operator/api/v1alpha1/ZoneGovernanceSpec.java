package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZoneGovernanceSpec {
    @JsonPropertyDescription("On a zone control plane (role Zone): a ValidatingAdmissionPolicy rejects writes of Kuma policies (kuma.io Mesh* policy kinds) by anyone but Kuma's control plane, the operator and allowedGroups, so policies come from the global control plane. On by default; the operator chart grants the rights only with its value zoneGovernance.enabled (off by default), so turn that on for a zone. Needs an API server that serves admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (Kubernetes 1.30+); where it is off, not served or not granted to the operator, the finding ZonePolicyFenceMissing says the fence is missing.")
    @Default("true")
    public Boolean enabled = Boolean.TRUE;

    @JsonPropertyDescription("Groups (request.userInfo.groups) that may still write Kuma policies on the zone, e.g. a break-glass group or the GitOps controller's service-account group.")
    public List<String> allowedGroups = new ArrayList<>();

    @JsonPropertyDescription("Service account of Kuma's control plane in the system namespace; it writes the policies synced from the global control plane.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Default("kuma-control-plane")
    public String controlPlaneServiceAccount = "kuma-control-plane";
}
