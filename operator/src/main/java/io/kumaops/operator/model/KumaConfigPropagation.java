package io.kumaops.operator.model;

import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long after Kuma's MeshInsight counts a resource every connected proxy's configuration can still lack it: the
 * time a gate waits on top of the count ({@code WaitingForXdsRefresh}). Read from Kuma's source at v2.14.3:
 * <ul>
 *   <li>the insights resyncer counts from the uncached resource manager ({@code pkg/insights/components.go}:
 *       {@code rt.ResourceManager()}), so a count says nothing of the caches the xDS path reads;</li>
 *   <li>the xDS path reads a mesh context cached for {@code store.cache.expirationTime}, built from the cached
 *       read-only manager, itself cached for the same time ({@code pkg/core/bootstrap/bootstrap.go}:
 *       {@code NewCachedManager}, {@code mesh_cache.NewCache}): two expirations before a rebuilt context has it;</li>
 *   <li>each proxy's configuration is regenerated on a ticker of {@code xdsServer.dataplaneConfigurationRefreshInterval}
 *       ({@code pkg/xds/sync/dataplane_watchdog_factory.go}).</li>
 * </ul>
 * So the bound is 2 × the cache expiration + the refresh interval (3 s with Kuma's defaults,
 * {@code pkg/config/app/kuma-cp/kuma-cp.defaults.yaml}); without the cache ({@code KUMA_STORE_CACHE_ENABLED=false}) the
 * refresh interval alone. Values come from the control-plane container's env, which Kuma decodes with Go's
 * {@code time.ParseDuration} ({@code pkg/config/types/duration.go}); unset, unreadable or no Deployment observed: Kuma's
 * defaults, and the explanation says which.
 *
 * @param bound       the wait after the count
 * @param explanation where the figure comes from, for the step's message
 */
public record KumaConfigPropagation(Duration bound, String explanation) {

    public static final String REFRESH_INTERVAL_ENV = "KUMA_XDS_SERVER_DATAPLANE_CONFIGURATION_REFRESH_INTERVAL";
    public static final String CACHE_ENABLED_ENV = "KUMA_STORE_CACHE_ENABLED";
    public static final String CACHE_EXPIRATION_ENV = "KUMA_STORE_CACHE_EXPIRATION_TIME";
    static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_CACHE_EXPIRATION = Duration.ofSeconds(1);

    /** The bound for the control plane the pass observed, or Kuma's defaults when none was. */
    public static KumaConfigPropagation of(ControlPlaneDeployment controlPlane) {
        return of(controlPlane, null);
    }

    /**
     * The bound for the control plane the pass observed; without one, {@code withoutDeployment} when the operator was
     * given it, else Kuma's defaults.
     */
    public static KumaConfigPropagation of(ControlPlaneDeployment controlPlane, Duration withoutDeployment) {
        if (controlPlane == null && withoutDeployment != null) {
            return new KumaConfigPropagation(withoutDeployment, "no control-plane Deployment observed, so the operator's setting for that case");
        }
        List<String> notes = new ArrayList<>();
        if (controlPlane == null) {
            notes.add("no control-plane Deployment observed, so Kuma's defaults");
        }
        Duration refresh = setting(controlPlane, REFRESH_INTERVAL_ENV, DEFAULT_REFRESH_INTERVAL, notes);
        // Kuma's envconfig reads booleans with Go's strconv.ParseBool: only its false spellings turn the cache off.
        String cacheEnabled = controlPlane == null ? null : controlPlane.envValue(CACHE_ENABLED_ENV);
        boolean cache = cacheEnabled == null || !List.of("0", "f", "F", "false", "FALSE", "False").contains(cacheEnabled.trim());
        Duration expiration = cache ? setting(controlPlane, CACHE_EXPIRATION_ENV, DEFAULT_CACHE_EXPIRATION, notes) : Duration.ZERO;
        Duration bound = expiration.multipliedBy(2).plus(refresh);
        String figure = cache
                ? "2 x store cache " + GoDuration.format(expiration) + " + xDS refresh " + GoDuration.format(refresh)
                : "xDS refresh " + GoDuration.format(refresh) + ", store cache off";
        return new KumaConfigPropagation(bound, figure + (notes.isEmpty() ? "" : "; " + String.join("; ", notes)));
    }

    private static Duration setting(ControlPlaneDeployment controlPlane, String env, Duration fallback, List<String> notes) {
        String value = controlPlane == null ? null : controlPlane.envValue(env);
        if (value == null) {
            return fallback;
        }
        GoDuration.Parsed parsed = GoDuration.parseResult(value.trim());
        if (!parsed.ok() || parsed.nanos() <= 0) {
            // Kuma refuses to start on these (pkg/config/xds/config.go: "must be positive"): keep the default in mind.
            notes.add(env + "=" + value + " is not a positive Go duration, so Kuma's default " + GoDuration.format(fallback));
            return fallback;
        }
        return parsed.duration();
    }
}
