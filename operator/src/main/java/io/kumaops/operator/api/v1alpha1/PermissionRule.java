package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PermissionRule {
    @JsonPropertyDescription("Rule name; becomes part of the MeshTrafficPermission name.")
    @Required
    @Pattern(Patterns.DNS_LABEL)
    public String name;

    @JsonPropertyDescription("The workloads the rule protects (the policy's targetRef).")
    @Required
    public TargetRef destination;

    @JsonPropertyDescription("The callers the action applies to.")
    @Required
    public List<TargetRef> sources = new ArrayList<>();

    @JsonPropertyDescription("Allow, Deny or AllowWithShadowDeny.")
    @Default("Allow")
    public PermissionAction action = PermissionAction.Allow;
}
