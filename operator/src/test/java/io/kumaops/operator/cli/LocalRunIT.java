package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** README's main command in-process: a local real API server, the bundled example, the rollout to Ready. */
class LocalRunIT {

    @Test
    void localRunRollsOutTheBundledExampleToReady() {
        CliRunner.Result result = CliRunner.run("run", "--exit-when-settled", "--health-port", "-1", "--step-settle-time", "200ms");
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out())
                .contains("starting a local kube-apiserver 1.20.2")
                .contains("the profile CRD and Kuma's v2.14.3 CRDs")
                .contains("No Kuma control plane runs on this machine: a stand-in plays Kuma 2.14")
                .contains("It serves Kuma's admission as a validating webhook, modelled from Kuma's source (it is not Kuma)")
                .contains("export KUBECONFIG=")
                .contains("applied KumaProductionProfile payments")
                .contains("ready=False (StepSettling)")
                .contains("phase=Ready")
                .contains("done=0-control-plane,1-mesh,2-traffic-permission,3-mtls,4-defaults,5-multi-zone,6-restrict")
                .contains("NAME          MESH");
    }

    @Test
    void badFlagsAreUsageErrors() {
        CliRunner.Result result = CliRunner.run("run", "--resync-interval", "soon");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--resync-interval").contains("30s");
        assertThat(CliRunner.run("run", "--kubeconfig", "/nope/config").err()).contains("/nope/config");
    }
}
