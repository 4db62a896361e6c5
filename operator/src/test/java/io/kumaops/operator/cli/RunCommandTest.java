package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run's start-up checks that need no API server: the kubeconfig points at a port nothing listens on. */
class RunCommandTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """;

    @TempDir
    Path dir;

    @Test
    void aBusyHealthPortIsOneLineAndExitTwoBeforeTheClusterIsContacted() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
        try (ServerSocket busy = new ServerSocket(0)) {
            int port = busy.getLocalPort();
            CliRunner.Result result = CliRunner.run("run", "--kubeconfig", kubeconfig.toString(), "--health-port", String.valueOf(port));
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().strip()).isEqualTo("error: cannot listen on 127.0.0.1:" + port
                    + " (Address already in use); choose another port with --health-port (-1 disables it)");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void aBusyMetricsPortNamesItsFlagAndReleasesTheHealthPort() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
        int health;
        try (ServerSocket free = new ServerSocket(0)) {
            health = free.getLocalPort();
        }
        try (ServerSocket busy = new ServerSocket(0)) {
            CliRunner.Result result = CliRunner.run("run", "--kubeconfig", kubeconfig.toString(),
                    "--health-port", String.valueOf(health), "--metrics-port", String.valueOf(busy.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains(":" + busy.getLocalPort()).contains("--metrics-port").doesNotContain("--health-port");
        }
        // The health listener bound first is closed again, not left behind.
        try (ServerSocket again = new ServerSocket(health)) {
            assertThat(again.getLocalPort()).isEqualTo(health);
        }
    }

    @Test
    void aSystemNamespaceThatIsNoNamespaceNameIsOneLineAndExitTwo() {
        CliRunner.Result result = CliRunner.run("run", "--kubeconfig", "/nope", "--system-namespaces", "kuma-system,Kube_System");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo("error: --system-namespaces: \"Kube_System\" is not a namespace name"
                + " (lower case letters, digits and '-', at most 63 characters)");
    }

    @Test
    void systemNamespacesDropBlanksAndDefaultToNone() {
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(RunCommand.namespaceNames(new java.io.PrintWriter(err), "--system-namespaces", java.util.Arrays.asList(" kuma-system", "", null)))
                .containsExactly("kuma-system");
        assertThat(RunCommand.namespaceNames(new java.io.PrintWriter(err), "--system-namespaces", null)).isEmpty();
        assertThat(err.toString()).isEmpty();
        // Without KUMAOPS_SYSTEM_NAMESPACES in the environment (the test JVM has none) the option is empty: no limit.
        RunCommand command = new RunCommand();
        new picocli.CommandLine(command).parseArgs();
        assertThat(command.systemNamespaces).isEmpty();
    }

    @Test
    void aControlPlaneDeploymentThatIsNoDeploymentNameIsOneLineAndExitTwo() {
        CliRunner.Result result = CliRunner.run("run", "--kubeconfig", "/nope", "--control-plane-deployments", "kuma-control-plane,Kuma_CP");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).isEqualTo("error: --control-plane-deployments: \"Kuma_CP\" is not a Deployment name"
                + " (lower case letters, digits, '-' and '.', at most 253 characters)");
    }

    @Test
    void controlPlaneDeploymentsAbsentAllowAnyAndGivenEmptyAllowNone() {
        // Without KUMAOPS_CONTROL_PLANE_DEPLOYMENTS in the environment (the test JVM has none): no limit.
        RunCommand absent = new RunCommand();
        new picocli.CommandLine(absent).parseArgs();
        assertThat(absent.controlPlaneDeployments).isNull();
        // The chart with an empty rbac.controlPlaneDeployments passes the flag with no name: it grants no patch, so none.
        RunCommand empty = new RunCommand();
        new picocli.CommandLine(empty).parseArgs("--control-plane-deployments=");
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(empty.controlPlaneDeployments).isNotNull();
        assertThat(RunCommand.deploymentNames(new java.io.PrintWriter(err), empty.controlPlaneDeployments)).isEmpty();
        RunCommand two = new RunCommand();
        new picocli.CommandLine(two).parseArgs("--control-plane-deployments=kuma-control-plane, mesh-b-control-plane");
        assertThat(RunCommand.deploymentNames(new java.io.PrintWriter(err), two.controlPlaneDeployments))
                .containsExactly("kuma-control-plane", "mesh-b-control-plane");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aBindAddressThatIsNoIpAddressIsOneLineAndExitTwo() {
        for (String address : new String[] {"localhost", "0.0.0.0.0", "256.1.1.1", ""}) {
            CliRunner.Result result = CliRunner.run("run", "--kubeconfig", "/nope", "--bind-address", address);
            assertThat(result.exitCode()).as(address).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err().strip().lines()).as(address).singleElement().asString()
                    .startsWith("error: --bind-address \"" + address + "\": not an IP address;");
            assertThat(result.out()).isEmpty();
        }
    }

    @Test
    void anAddressNotOfThisMachineNamesTheBindAddressFlag() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);
        // TEST-NET-1 (RFC 5737): never assigned to an interface here.
        CliRunner.Result result = CliRunner.run("run", "--kubeconfig", kubeconfig.toString(), "--bind-address", "192.0.2.1",
                "--health-port", "0", "--metrics-port", "-1");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err().strip()).startsWith("error: cannot listen on 192.0.2.1:0 (")
                .endsWith("); choose one of this machine's addresses with --bind-address");
    }

    @Test
    void theDefaultAddressIsTheWildcardInAPodAndLoopbackElsewhere() {
        java.io.PrintWriter err = new java.io.PrintWriter(new java.io.StringWriter());
        assertThat(RunCommand.bindAddress(err, null, true)).isEqualTo("0.0.0.0");
        assertThat(RunCommand.bindAddress(err, null, false)).isEqualTo("127.0.0.1");
        assertThat(RunCommand.bindAddress(err, " [::1] ", false)).isEqualTo("::1");
        assertThat(RunCommand.hostPort("::", 8081)).isEqualTo("127.0.0.1:8081");
        assertThat(RunCommand.hostPort("fd00::5", 8081)).isEqualTo("[fd00::5]:8081");
        assertThat(RunCommand.hostPort("10.0.0.5", -1)).isEqualTo("off");
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        CliRunner.Result result = CliRunner.run("run", "--kubeconfig", "/nope", "--metrics-port", "70000");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--metrics-port 70000");
    }
}
