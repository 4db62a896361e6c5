package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CaBackend;
import io.kumaops.operator.api.v1alpha1.CaBackendType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleCaBackendRuleTest {

    private final Rule rule = new SingleCaBackendRule();

    static CaBackend builtin(String name) {
        CaBackend backend = new CaBackend();
        backend.name = name;
        backend.type = CaBackendType.Builtin;
        return backend;
    }

    @Test
    void oneBackendIsReportedWithItsNameOnKongMesh() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.distribution = io.kumaops.operator.api.v1alpha1.Distribution.KongMesh;
            spec.mtls.enabled = true;
            spec.mtls.backends = new ArrayList<>(List.of(builtin("ca-1")));
            spec.mtls.enabledBackend = "ca-1";
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.mtls.backends");
            assertThat(finding.message).contains("one backend (ca-1)");
            assertThat(finding.remediation).contains("ca-1-next");
        });
    }

    @Test
    void openSourceKumaAdmitsOneBackendSoOneIsNoFinding() {
        // Kuma pkg/core/resources/apis/mesh/mesh_validator.go: AllowedMTLSBackends = 1.
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = new ArrayList<>(List.of(builtin("ca-1")));
            spec.mtls.enabledBackend = "ca-1";
        }))).isEmpty();
    }

    @Test
    void twoBackendsAreFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = List.of(builtin("ca-1"), builtin("ca-2"));
        }))).isEmpty();
    }

    @Test
    void mtlsDisabledIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.backends = List.of(builtin("ca-1"))))).isEmpty();
    }

    @Test
    void noBackendsIsLeftToEnabledBackendNotDefined() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.enabled = true))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.mtls.enabled = true;
            spec.mtls.backends = null;
        }))).isEmpty();
    }
}
