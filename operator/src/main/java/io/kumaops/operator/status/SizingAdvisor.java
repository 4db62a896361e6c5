package io.kumaops.operator.status;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Recommendation;
import io.kumaops.operator.api.v1alpha1.ReachableServicesMode;
import io.kumaops.operator.api.v1alpha1.StoreType;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.Known;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.rules.ProductionThresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Control-plane sizing for the data planes the mesh holds (the larger of the expected and the observed
 * count): memory at the base plus ~1 MiB per data plane, 4 CPU / 2Gi from 1000 on, three replicas, and
 * reachable services on large meshes. Pure.
 */
public final class SizingAdvisor {

    private static final long MIB = 1024L * 1024L;

    private SizingAdvisor() {
    }

    public static List<Recommendation> recommend(KumaProductionProfile profile, ClusterObservation observation) {
        return recommend(ResolvedProfile.observed(profile, java.util.Optional.ofNullable(observation)));
    }

    /** Sizing for the data planes the pass resolved: the larger of the expected and the observed count. */
    public static List<Recommendation> recommend(ResolvedProfile resolved) {
        KumaProductionProfile profile = resolved.profile();
        java.util.Optional<Known<Integer>> sized = resolved.dataplanes();
        if (sized.isEmpty()) {
            return List.of();
        }
        Integer observed = resolved.observedDataplanes();
        Integer expected = resolved.controlPlane().expectedDataplanes;
        int dataplanes = sized.get().value();
        String basis = dataplanes + " data planes (" + (observed == null ? "expected" : "observed " + observed
                + (expected == null ? "" : ", expected " + expected)) + ")";
        ClusterObservation.ControlPlaneDeployment cp = resolved.observedControlPlane().orElse(null);
        List<Recommendation> recommendations = new ArrayList<>();

        long memory = roundUpToMiB(ProductionThresholds.requiredControlPlaneMemoryBytes(dataplanes), 64);
        recommendations.add(new Recommendation("controlPlane.resources.requests.memory", (memory / MIB) + "Mi",
                cp == null || cp.memoryRequestBytes() == null ? null : (cp.memoryRequestBytes() / MIB) + "Mi",
                "256Mi base + ~1 MiB per data plane for " + basis
                        + (dataplanes >= ProductionThresholds.LARGE_MESH_DATAPLANES ? "; at least 2Gi from 1000 data planes" : "")));

        long cpuMillis = dataplanes >= ProductionThresholds.LARGE_MESH_DATAPLANES ? ProductionThresholds.LARGE_MESH_CONTROL_PLANE_CPU_MILLIS
                : dataplanes >= 500 ? 2000 : dataplanes >= 100 ? 1000 : ProductionThresholds.HELM_DEFAULT_CONTROL_PLANE_CPU_MILLIS;
        recommendations.add(new Recommendation("controlPlane.resources.requests.cpu", cpuMillis % 1000 == 0 ? Long.toString(cpuMillis / 1000) : cpuMillis + "m",
                cp == null || cp.cpuRequestMillis() == null ? null : cp.cpuRequestMillis() + "m",
                "4 CPU handle 1000+ data planes; scaled down linearly in steps for " + basis));

        if (profile.getSpec().controlPlane.store.type != StoreType.Memory) {
            recommendations.add(new Recommendation("controlPlane.replicas", "3",
                    cp == null ? null : String.valueOf(cp.replicas()),
                    "one leader and two standbys survive a node drain and a crash at once; odd by the organisation's rule"));
        }
        if (dataplanes >= ProductionThresholds.REACHABLE_SERVICES_DATAPLANES
                && profile.getSpec().controlPlane.reachableServices != ReachableServicesMode.Enabled) {
            recommendations.add(new Recommendation("controlPlane.reachableServices", "Enabled",
                    profile.getSpec().controlPlane.reachableServices.name(),
                    "from 1000 data planes each proxy should receive only the services it calls, or config size grows with the mesh"));
        }
        return recommendations;
    }

    private static long roundUpToMiB(long bytes, long stepMiB) {
        long step = stepMiB * MIB;
        return (bytes + step - 1) / step * step;
    }
}
