package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewaySpec {
    @JsonPropertyDescription("Delegated gateways (e.g. Kong) whose pods must carry kuma.io/gateway: enabled.")
    public List<DelegatedGateway> delegated = new ArrayList<>();
}
