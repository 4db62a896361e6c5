package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code lint} reads Kuma's own resources too and judges them as the chosen control plane would: a Mesh with two mTLS
 * backends is refused by open-source Kuma (Kuma pkg/core/resources/apis/mesh/mesh_validator.go, AllowedMTLSBackends)
 * and admitted by Kong Mesh.
 */
class LintKumaResourcesTest {

    static final String TWO_BACKENDS = """
            # a user's Mesh, not a profile
            apiVersion: kuma.io/v1alpha1
            kind: Mesh
            metadata:
              name: payments
            spec:
              mtls:
                enabledBackend: ca-1
                backends:
                  - {name: ca-1, type: builtin}
                  - {name: ca-2, type: builtin}
            """;

    @Test
    void aMeshWithTwoBackendsFailsOnKumaWithFileLineAndField() throws Exception {
        LintCommandTest.Run run = LintCommandTest.lint(TWO_BACKENDS, "-f", "-", "-o", "json", "--distribution", "Kuma");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode finding = new ObjectMapper().readTree(run.out()).at("/findings/0");
        assertThat(finding.get("code").asText()).isEqualTo("KumaWouldRefuse");
        assertThat(finding.get("severity").asText()).isEqualTo("Error");
        assertThat(finding.get("path").asText()).isEqualTo("mtls.backends");
        assertThat(finding.get("message").asText()).contains("Kuma 2.14 would refuse Mesh payments")
                .contains("cannot have more than 1 backends");
        assertThat(finding.at("/resource/line").asInt()).as("the document starts after the comment").isEqualTo(2);
    }

    @Test
    void theSameMeshPassesOnKongMesh() {
        LintCommandTest.Run run = LintCommandTest.lint(TWO_BACKENDS, "-f", "-", "--distribution", "KongMesh");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    }

    @Test
    void unknownDistributionsAndVersionsAreUsageErrorsNamingTheFlag() {
        LintCommandTest.Run distribution = LintCommandTest.lint(TWO_BACKENDS, "-f", "-", "--distribution", "Istio");
        assertThat(distribution.exitCode()).isEqualTo(2);
        assertThat(distribution.err()).contains("--distribution").contains("Kuma or KongMesh").doesNotContain("Exception");
        LintCommandTest.Run version = LintCommandTest.lint(TWO_BACKENDS, "-f", "-", "--kuma-version", "2.15");
        assertThat(version.exitCode()).isEqualTo(2);
        assertThat(version.err()).contains("--kuma-version").contains("2.9 … 2.14");
    }
}
