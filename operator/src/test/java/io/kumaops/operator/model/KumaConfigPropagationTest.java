package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wait after Kuma's count: 2 x store cache expiration + xDS refresh, from the control plane's env (Kuma v2.14.3). */
class KumaConfigPropagationTest {

    private static ControlPlaneDeployment withEnv(Map<String, String> env) {
        return new ControlPlaneDeployment("kuma-system", "kuma-control-plane", 1, env, null, null, Map.of());
    }

    @Test
    void withoutADeploymentKumasDefaultsGiveThreeSeconds() {
        KumaConfigPropagation propagation = KumaConfigPropagation.of(null);
        assertThat(propagation.bound()).isEqualTo(Duration.ofSeconds(3));
        assertThat(propagation.explanation()).isEqualTo("2 x store cache 1s + xDS refresh 1s; no control-plane Deployment observed, so Kuma's defaults");
    }

    @Test
    void withoutADeploymentTheOperatorsSettingForThatCaseWins() {
        KumaConfigPropagation propagation = KumaConfigPropagation.of(null, Duration.ofMillis(200));
        assertThat(propagation.bound()).isEqualTo(Duration.ofMillis(200));
        assertThat(propagation.explanation()).isEqualTo("no control-plane Deployment observed, so the operator's setting for that case");
        assertThat(KumaConfigPropagation.of(withEnv(Map.of()), Duration.ofMillis(200)).bound()).as("an observed one is read")
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aDeploymentWithoutTheSettingsRunsKumasDefaults() {
        KumaConfigPropagation propagation = KumaConfigPropagation.of(withEnv(Map.of("KUMA_MODE", "zone")));
        assertThat(propagation.bound()).isEqualTo(Duration.ofSeconds(3));
        assertThat(propagation.explanation()).isEqualTo("2 x store cache 1s + xDS refresh 1s");
    }

    @Test
    void theControlPlanesOwnIntervalsAreRead() {
        KumaConfigPropagation propagation = KumaConfigPropagation.of(withEnv(Map.of(
                KumaConfigPropagation.REFRESH_INTERVAL_ENV, "5s", KumaConfigPropagation.CACHE_EXPIRATION_ENV, "1.5s")));
        assertThat(propagation.bound()).isEqualTo(Duration.ofSeconds(8));
        assertThat(propagation.explanation()).isEqualTo("2 x store cache 1.5s + xDS refresh 5s");
    }

    @Test
    void withTheCacheOffOnlyTheRefreshCounts() {
        for (String off : new String[] {"false", "0", "F", "False"}) {
            KumaConfigPropagation propagation = KumaConfigPropagation.of(withEnv(Map.of(
                    KumaConfigPropagation.REFRESH_INTERVAL_ENV, "200ms", KumaConfigPropagation.CACHE_ENABLED_ENV, off,
                    KumaConfigPropagation.CACHE_EXPIRATION_ENV, "10s")));
            assertThat(propagation.bound()).as(off).isEqualTo(Duration.ofMillis(200));
            assertThat(propagation.explanation()).isEqualTo("xDS refresh 200ms, store cache off");
        }
        // Go's strconv.ParseBool: "no" is not false (Kuma would not start); the cache is on.
        assertThat(KumaConfigPropagation.of(withEnv(Map.of(KumaConfigPropagation.CACHE_ENABLED_ENV, "true"))).bound())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anUnreadableIntervalFallsBackToKumasDefaultAndSaysSo() {
        KumaConfigPropagation propagation = KumaConfigPropagation.of(withEnv(Map.of(KumaConfigPropagation.REFRESH_INTERVAL_ENV, "5 s")));
        assertThat(propagation.bound()).isEqualTo(Duration.ofSeconds(3));
        assertThat(propagation.explanation()).contains("KUMA_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL=5 s is not a positive Go duration,"
                + " so Kuma's default 1s");
        assertThat(KumaConfigPropagation.of(withEnv(Map.of(KumaConfigPropagation.REFRESH_INTERVAL_ENV, "0s"))).bound())
                .isEqualTo(Duration.ofSeconds(3));
    }
}
