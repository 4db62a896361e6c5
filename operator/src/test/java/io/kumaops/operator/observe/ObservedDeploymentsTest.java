package io.kumaops.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.support.TestProfiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ObservedDeploymentsTest {

    private final KumaProductionProfile defaults = TestProfiles.fromSpec("defaults", "");
    private final KumaProductionProfile custom = TestProfiles.fromSpec("custom", """
            controlPlane: {systemNamespace: mesh-system, deploymentName: kong-mesh-control-plane}
            gateway:
              delegated:
                - {namespace: edge, deploymentName: kong}
            """);

    @Test
    void aProfileReadsItsControlPlaneAndItsDelegatedGateways() {
        assertThat(ObservedDeployments.readBy(defaults)).containsExactly(new ObservedDeployments.Key("kuma-system", "kuma-control-plane"));
        assertThat(ObservedDeployments.readBy(custom)).containsExactly(
                new ObservedDeployments.Key("mesh-system", "kong-mesh-control-plane"), new ObservedDeployments.Key("edge", "kong"));
    }

    @Test
    void eventsMapBackToTheProfilesThatReadTheDeployment() {
        KumaProductionProfile sameControlPlane = TestProfiles.fromSpec("second", "mesh: {name: other}");
        assertThat(ObservedDeployments.profilesReading(Stream.of(defaults, custom, sameControlPlane), "kuma-system", "kuma-control-plane"))
                .containsExactlyInAnyOrder(new ResourceID("defaults"), new ResourceID("second"));
        assertThat(ObservedDeployments.profilesReading(Stream.of(defaults, custom), "edge", "kong")).containsExactly(new ResourceID("custom"));
        assertThat(ObservedDeployments.profilesReading(Stream.of(defaults, custom), "edge", "other")).isEmpty();
    }

    @Test
    void theWatchedSetIsTheUnionWithoutDuplicates() {
        assertThat(ObservedDeployments.readByAny(Stream.of(defaults, custom, defaults))).hasSize(3);
    }
}
