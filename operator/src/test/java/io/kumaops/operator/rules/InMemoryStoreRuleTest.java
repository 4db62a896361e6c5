package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.StoreType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryStoreRuleTest {

    private final Rule rule = new InMemoryStoreRule();

    @Test
    void memoryStoreIsAnError() {
        assertThat(rule.severity()).isEqualTo(Severity.Error);
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.store.type = StoreType.Memory))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.store.type");
            assertThat(finding.message).contains("spec.controlPlane.store.type is Memory");
            assertThat(finding.remediation).isEqualTo("set spec.controlPlane.store.type: Kubernetes");
        });
    }

    @Test
    void universalEnvironmentIsToldToUsePostgres() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.store.type = StoreType.Memory;
            spec.controlPlane.environment = ControlPlaneEnvironment.Universal;
            spec.controlPlane.role = ControlPlaneRole.Global;
        }))).singleElement().satisfies(finding -> assertThat(finding.remediation).contains("Postgres"));
    }

    @Test
    void kubernetesAndPostgresStoresAreFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.store.type = StoreType.Postgres))).isEmpty();
    }

    @Test
    void nullStoreSectionIsTheDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.store = null))).isEmpty();
    }

    @Test
    void observedMemoryStoreEnvIsReportedFromTheCluster() {
        var context = observed(Observation.cluster()
                .controlPlane(Observation.controlPlane(1, Map.of("KUMA_STORE_TYPE", "memory"), null, null)).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Deployment kuma-system/kuma-control-plane env KUMA_STORE_TYPE");
        });
    }

    @Test
    void observedKubernetesStoreIsFine() {
        var context = observed(Observation.cluster()
                .controlPlane(Observation.controlPlane(1, Map.of("KUMA_STORE_TYPE", "kubernetes"), null, null)).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }
}
