package io.kumaops.operator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.support.TestProfiles;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator writes only in the Kuma system namespaces it is given: a profile naming another is invalid. */
class SystemNamespaceCheckTest {

    private static KumaProductionProfile pointingAt(String namespace) {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        profile.withDefaultedSpec();
        profile.getSpec().controlPlane.systemNamespace = namespace;
        return profile;
    }

    @Test
    void aProfileNamingAnotherNamespaceIsRefusedNamingTheFieldAndTheAllowedOnes() {
        KumaProductionProfile coreDns = pointingAt("kube-system");
        coreDns.getSpec().controlPlane.deploymentName = "coredns";

        List<String> problems = ProfileValidator.validate(coreDns, Set.of("kuma-system", "mesh-b"));

        assertThat(problems).containsExactly("spec.controlPlane.systemNamespace: \"kube-system\" is not a Kuma system namespace this"
                + " operator may write to (allowed: kuma-system, mesh-b); set it to one of them, or add it to the operator's"
                + " --system-namespaces (Helm value kumaSystemNamespaces, which also grants the writes there)");
        assertThat(ProfileValidator.validate(coreDns)).as("without the operator's limit the profile itself is valid").isEmpty();
    }

    @Test
    void anAllowedNamespaceOrNoLimitPasses() {
        assertThat(ProfileValidator.validate(pointingAt("kuma-system"), Set.of("kuma-system"))).isEmpty();
        assertThat(ProfileValidator.validate(pointingAt("kube-system"), Set.of())).as("empty: no limit (local run, tests)").isEmpty();
        assertThat(ProfileValidator.systemNamespaceProblem(pointingAt("kube-system"), null)).isEmpty();
    }
}
