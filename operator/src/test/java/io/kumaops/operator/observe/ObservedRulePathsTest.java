package io.kumaops.operator.observe;

import io.kumaops.operator.model.ClusterObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.rules.CiliumKubeProxyReplacementRule;
import io.kumaops.operator.rules.ReachableServicesDisabledRule;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.support.TestProfiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule paths that read what this package observes, on hand-made observations. */
class ObservedRulePathsTest {

    private static ClusterObservation observation(Integer dataplanes, Map<String, String> env, ClusterObservation.CiliumConfig cilium) {
        ClusterObservation.ControlPlaneDeployment cp = env == null ? null
                : new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 3, env, 4000L, 4L << 30, Map.of());
        return new ClusterObservation(true, dataplanes, cp, true, null, false, cilium, false, false, false, List.of(), List.of(), List.of());
    }

    private static RuleContext context(String spec, ClusterObservation observation) {
        KumaProductionProfile profile = TestProfiles.fromSpec("p", spec).withDefaultedSpec();
        return new RuleContext(profile, Optional.of(observation));
    }

    @Test
    void reachableServicesOffOnTheLiveControlPlaneOfALargeMeshIsReportedWithoutManage() {
        var rule = new ReachableServicesDisabledRule();
        assertThat(rule.evaluate(context("", observation(1500, Map.of("KUMA_STORE_TYPE", "kubernetes"), null)))).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.source).isEqualTo(FindingSource.Cluster);
                    assertThat(finding.path).isEqualTo("Deployment kuma-system/kuma-control-plane env KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES");
                    assertThat(finding.message).contains("1500 data planes are observed");
                });
        assertThat(rule.evaluate(context("", observation(1500, Map.of("KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES", "true"), null)))).isEmpty();
        assertThat(rule.evaluate(context("controlPlane: {manage: true}", observation(1500, Map.of(), null))))
                .as("the operator sets it itself").isEmpty();
        assertThat(rule.evaluate(context("", observation(999, Map.of(), null)))).as("below the threshold").isEmpty();
        assertThat(rule.evaluate(context("", observation(1500, null, null)))).as("control plane not observed").isEmpty();
    }

    @Test
    void ciliumSocketLoadBalancerLimitedToTheHostNamespaceKeepsKubeProxyReplacementSafe() {
        var rule = new CiliumKubeProxyReplacementRule();
        assertThat(rule.evaluate(context("", observation(0, Map.of(), new ClusterObservation.CiliumConfig(true, false, null))))).hasSize(1);
        assertThat(rule.evaluate(context("", observation(0, Map.of(), new ClusterObservation.CiliumConfig(true, false, true))))).isEmpty();
        assertThat(rule.evaluate(context("", observation(0, Map.of(), new ClusterObservation.CiliumConfig(true, false, false))))).hasSize(1);
    }

    @Test
    void theHelmCertificateSecretFollowsTheChartName() {
        assertThat(ClusterObserver.helmTlsSecretName("kuma-control-plane")).isEqualTo("kuma-tls-cert");
        assertThat(ClusterObserver.helmTlsSecretName("kong-mesh-control-plane")).isEqualTo("kong-mesh-tls-cert");
        assertThat(ClusterObserver.helmTlsSecretName("custom")).isEqualTo("kuma-tls-cert");
    }
}
