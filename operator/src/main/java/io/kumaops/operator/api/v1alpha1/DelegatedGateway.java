package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DelegatedGateway {
    @JsonPropertyDescription("Namespace of the gateway Deployment.")
    @Required
    @Pattern(Patterns.DNS_LABEL)
    public String namespace;

    @JsonPropertyDescription("Name of the gateway Deployment.")
    @Required
    @Pattern(Patterns.DNS_SUBDOMAIN)
    public String deploymentName;
}
