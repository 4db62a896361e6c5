package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedResource {
    @JsonPropertyDescription("apiVersion of the resource.")
    public String apiVersion;
    @JsonPropertyDescription("Kind of the resource.")
    public String kind;
    @JsonPropertyDescription("Namespace; empty for cluster-scoped resources.")
    public String namespace;
    @JsonPropertyDescription("Name of the resource.")
    public String name;
    @JsonPropertyDescription("The rollout step that applied it.")
    public String step;

    public ManagedResource() {
    }

    public ManagedResource(String apiVersion, String kind, String namespace, String name, String step) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.step = step;
    }
}
