package io.kumaops.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresSpec {
    @JsonPropertyDescription("Postgres host name or IP address (no user, password or port: those go in credentialsSecretRef and port).")
    @Required
    @Pattern(Patterns.HOST)
    @Size(max = 253)
    public String host;

    @JsonPropertyDescription("Postgres port.")
    @Min(1)
    @Max(65535)
    @Default("5432")
    public Integer port = 5432;

    @JsonPropertyDescription("Database name.")
    @Pattern(Patterns.POSTGRES_DATABASE)
    @Default("kuma")
    public String database = "kuma";

    @JsonPropertyDescription("Secret holding the user and password (keys: username, password). Passwords are never written inline.")
    @Required
    public SecretRef credentialsSecretRef;

    @JsonPropertyDescription("TLS mode of the connection: Disable, VerifyNone, VerifyCa or VerifyFull.")
    @Default("VerifyFull")
    public PostgresTlsMode tlsMode = PostgresTlsMode.VerifyFull;
}
