package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
    @JsonPropertyDescription("Name of the Secret in the control plane's system namespace.")
    @Required
    @Pattern(Patterns.DNS_SUBDOMAIN)
    public String name;

    @JsonPropertyDescription("Key inside the Secret.")
    @Pattern(Patterns.SECRET_KEY)
    @Size(max = 253)
    public String key;

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }
}
