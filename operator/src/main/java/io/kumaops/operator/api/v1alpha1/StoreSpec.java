package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StoreSpec {
    @JsonPropertyDescription("Kubernetes (the API server), Postgres (Universal), or Memory (state lost on restart; never for production).")
    @Default("Kubernetes")
    public StoreType type = StoreType.Kubernetes;

    @JsonPropertyDescription("Postgres connection; required when type is Postgres. Credentials only by Secret reference.")
    public PostgresSpec postgres;
}
