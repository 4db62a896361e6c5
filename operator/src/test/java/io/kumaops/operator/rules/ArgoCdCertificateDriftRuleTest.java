package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneTlsSpec;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.SecretKeyRef;
import org.junit.jupiter.api.Test;

class ArgoCdCertificateDriftRuleTest {

    private final Rule rule = new ArgoCdCertificateDriftRule();

    private static void preProvisionedTls(KumaProductionProfileSpec spec) {
        spec.controlPlane.tls = new ControlPlaneTlsSpec();
        spec.controlPlane.tls.secretName = "kuma-cp-tls";
        spec.controlPlane.tls.caBundleSecretRef = new SecretKeyRef("kuma-cp-ca", "ca.crt");
    }

    @Test
    void argoCdWithoutPreProvisionedTlsIsReported() {
        assertThat(rule.evaluate(offline(spec -> spec.gitOps.argoCD = true))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.tls");
            assertThat(finding.message).startsWith("spec.gitOps.argoCD is true");
            assertThat(finding.remediation).contains("secretName").contains("caBundleSecretRef").contains("certManager: true");
        });
    }

    @Test
    void preProvisionedSecretOrCertManagerIsFine() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoCD = true;
            preProvisionedTls(spec);
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoCD = true;
            spec.controlPlane.tls = new ControlPlaneTlsSpec();
            spec.controlPlane.tls.certManager = true;
        }))).isEmpty();
    }

    @Test
    void secretWithoutCaBundleIsNotEnough() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoCD = true;
            spec.controlPlane.tls = new ControlPlaneTlsSpec();
            spec.controlPlane.tls.secretName = "kuma-cp-tls";
        }))).hasSize(1);
    }

    @Test
    void certManagerBeforeKuma213DoesNotCount() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.gitOps.argoCD = true;
            spec.kumaVersion = "2.12";
            spec.controlPlane.tls = new ControlPlaneTlsSpec();
            spec.controlPlane.tls.certManager = true;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.tls.certManager");
            assertThat(finding.message).contains("2.12");
        });
    }

    @Test
    void noArgoCdIsFine() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.gitOps.argoCD = false))).isEmpty();
    }

    @Test
    void observedArgoCdCountsWhenTheProfileIsSilent() {
        assertThat(rule.evaluate(observed(Observation.cluster().argoCd(true).build()))).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.message).startsWith("Argo CD is installed in the cluster");
        });
    }

    @Test
    void helmGeneratedSecretInTheClusterTriggersDespiteTheProfile() {
        var context = observed(spec -> {
            spec.gitOps.argoCD = true;
            preProvisionedTls(spec);
        }, Observation.cluster().helmGeneratedTls(true).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Secret kuma-system/kuma-tls-cert");
        });
    }

    @Test
    void helmGeneratedSecretWithoutArgoCdIsFine() {
        assertThat(rule.evaluate(observed(spec -> spec.gitOps.argoCD = false, Observation.cluster().argoCd(true).helmGeneratedTls(true).build())))
                .isEmpty();
    }
}
