package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.kumaops.operator.cli.Main;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The arguments the chart gives the container are ones the operator's own command line accepts. */
class ChartArgumentsTest {

    private static List<String> args(Map<String, Object> values) {
        JsonNode deployment = ChartSupport.get(ChartSupport.documents(ChartSupport.template(values)), "Deployment",
                ChartSupport.RELEASE);
        return HelmChartTest.texts(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args"));
    }

    private static void assertAccepted(List<String> args) {
        assertThat(args).first().isEqualTo("run");
        assertThatCode(() -> {
            CommandLine.ParseResult result = Main.newCommandLine().parseArgs(args.toArray(String[]::new));
            assertThat(result.subcommand()).as("args %s select the run command", args).isNotNull();
            assertThat(result.subcommand().commandSpec().name()).isEqualTo("run");
        }).as("the operator CLI accepts %s", args).doesNotThrowAnyException();
    }

    @Test
    void defaultArguments() {
        assertAccepted(args(Map.of()));
    }

    @Test
    void leaderElectionOff() {
        assertAccepted(args(Map.of("leaderElection", Map.of("enabled", false))));
    }

    @Test
    void everyInterfaceOrOne() {
        for (String address : List.of("::", "10.0.0.7", "fd00::7")) {
            List<String> args = args(Map.of("bindAddress", address));
            assertThat(args).contains("--bind-address=" + address);
            assertAccepted(args);
        }
    }

    @Test
    void watchedNamespacesAndCustomPorts() {
        assertAccepted(args(Map.of("watchNamespaces", List.of("shop", "payments"), "resyncInterval", "1h30m",
                "metrics", Map.of("port", 9090), "health", Map.of("port", 9091))));
    }

    @Test
    void noControlPlaneDeploymentIsAnEmptyFlagTheOperatorAccepts() {
        List<String> args = args(Map.of("rbac", Map.of("controlPlaneDeployments", List.of())));
        assertThat(args).contains("--control-plane-deployments=");
        assertAccepted(args);
    }
}
