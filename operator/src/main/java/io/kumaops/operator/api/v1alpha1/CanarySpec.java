package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanarySpec {
    @JsonPropertyDescription("Tags selecting the canary data planes (a MeshSubset).")
    public Map<String, String> dataplaneTags = new LinkedHashMap<>();

    @JsonPropertyDescription("How long a change bakes on the canary before it is promoted, e.g. 10m.")
    @Pattern(Patterns.DURATION)
    @Default("10m")
    public String bakeTime = "10m";
}
