package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControlPlaneTlsSpec {
    @JsonPropertyDescription("Pre-provisioned TLS Secret for the control plane (Helm controlPlane.tls.general.secretName). Set together with caBundleSecretRef.")
    @Pattern(Patterns.DNS_SUBDOMAIN)
    public String secretName;

    @JsonPropertyDescription("Secret and key holding the CA bundle of that certificate (Helm controlPlane.tls.general.caSecretName).")
    public SecretKeyRef caBundleSecretRef;

    @JsonPropertyDescription("Certificates issued by cert-manager (Helm certManager.enabled, Kuma 2.13+).")
    @Default("false")
    public Boolean certManager = Boolean.FALSE;
}
