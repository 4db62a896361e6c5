package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.observe.PlatformDetection.NodeFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformDetectionTest {

    private static NodeFacts node(String name, String providerId, Map<String, String> labels) {
        return new NodeFacts(name, providerId, labels);
    }

    @Test
    void openShiftApiGroupWinsOverTheCloudUnderneath() {
        assertThat(PlatformDetection.detect(true, List.of(node("n", "aws:///eu-west-1a/i-1", Map.of())), "v1.29.0")).isEqualTo("OpenShift");
        assertThat(PlatformDetection.detect(true, null, null)).isEqualTo("OpenShift");
    }

    @Test
    void gkeAutopilotNodesAreNamedGk3OrLabelled() {
        assertThat(PlatformDetection.detect(false, List.of(node("gk3-prod-pool-1-abc", "gce://p/z/gk3-prod-pool-1-abc", Map.of())), null))
                .isEqualTo("GKEAutopilot");
        assertThat(PlatformDetection.detect(false, List.of(node("x", "gce://p/z/x", Map.of("cloud.google.com/gke-provisioning", "autopilot"))), null))
                .isEqualTo("GKEAutopilot");
        assertThat(PlatformDetection.detect(false, List.of(node("gke-prod-default-pool-1", "gce://p/z/gke-prod-default-pool-1",
                Map.of("cloud.google.com/gke-nodepool", "default-pool"))), "v1.29.1-gke.1589018")).isEqualTo("GKE");
        assertThat(PlatformDetection.detect(false, List.of(node("gk3-but-not-gce", "kind://docker/x", Map.of())), null))
                .as("the name alone is not enough off GCE").isEqualTo("Generic");
    }

    @Test
    void eksNeedsAnEksLabelOrAnEksBuild() {
        assertThat(PlatformDetection.detect(false, List.of(node("ip-1", "aws:///eu-west-1a/i-1", Map.of("eks.amazonaws.com/nodegroup", "ng"))), null))
                .isEqualTo("EKS");
        assertThat(PlatformDetection.detect(false, List.of(node("ip-1", "aws:///eu-west-1a/i-1", Map.of())), "v1.29.0-eks-c417bb3"))
                .isEqualTo("EKS");
        assertThat(PlatformDetection.detect(false, List.of(node("ip-1", "aws:///eu-west-1a/i-1", Map.of())), "v1.29.0"))
                .as("a self-managed cluster on EC2").isEqualTo("Generic");
        assertThat(PlatformDetection.detect(false, null, "v1.29.0-eks-c417bb3")).as("nodes forbidden, version says EKS").isEqualTo("EKS");
    }

    @Test
    void aksByItsClusterLabel() {
        assertThat(PlatformDetection.detect(false, List.of(node("aks-np-1", "azure:///subscriptions/s/x", Map.of("kubernetes.azure.com/cluster", "MC_rg"))), null))
                .isEqualTo("AKS");
        assertThat(PlatformDetection.detect(false, List.of(node("vm", "azure:///subscriptions/s/x", Map.of())), null)).isEqualTo("Generic");
    }

    @Test
    void nothingToLookAtIsNotObservedRatherThanAGuess() {
        assertThat(PlatformDetection.detect(false, List.of(), "v1.20.2")).isNull();
        assertThat(PlatformDetection.detect(false, null, "v1.29.1-gke.1589018")).as("GKE, but Autopilot or Standard?").isNull();
        assertThat(PlatformDetection.detect(false, List.of(node("n", null, null)), null)).isEqualTo("Generic");
    }
}
