package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Distribution;
import org.junit.jupiter.api.Test;

class KumaImageTest {

    @Test
    void kumasAndKongMeshsImagesSayDistributionAndVersion() {
        assertThat(KumaImage.parse("kumahq/kuma-cp:2.14.3")).hasValue(new KumaImage(Distribution.Kuma, new KumaVersion(2, 14), "2.14.3"));
        assertThat(KumaImage.parse("docker.io/kumahq/kuma-cp:2.9.13")).get()
                .satisfies(image -> assertThat(image.version()).isEqualTo(new KumaVersion(2, 9)));
        assertThat(KumaImage.parse("kong/kuma-cp:2.10.1")).get()
                .satisfies(image -> assertThat(image.distribution()).isEqualTo(Distribution.KongMesh));
        assertThat(KumaImage.parse("registry.example.com:5000/mirror/kumahq/kuma-cp:2.15.0@sha256:abc123")).get()
                .satisfies(image -> assertThat(image.version()).isEqualTo(new KumaVersion(2, 15)));
    }

    @Test
    void otherImagesSayNothing() {
        assertThat(KumaImage.parse(null)).isEmpty();
        assertThat(KumaImage.parse("kumahq/kuma-cp@sha256:abc123")).isEmpty();
        assertThat(KumaImage.parse("kumahq/kuma-cp:latest")).isEmpty();
        assertThat(KumaImage.parse("example/control-plane:2.14.3")).isEmpty();
        assertThat(KumaImage.parse("kumahq/kuma-cp:99999999999.1")).isEmpty();
    }
}
