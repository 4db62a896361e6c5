package io.kumaops.operator.plan;

import io.kumaops.operator.observe.ClusterObservation;
import java.util.Map;
import java.util.Set;

/**
 * What the planner needs to know about the cluster so that it never undoes what is already running.
 *
 * @param meshSpec         the live Mesh's spec, or null when the Mesh does not exist (or nothing was observed)
 * @param presentPolicies  names of MeshTrafficPermissions present in the system namespace
 * @param servedApis       "group/version" strings served (e.g. "policy/v1"); empty means assume the newest
 * @param observation      live-cluster facts (detection, CP Deployment), or {@link ClusterObservation#empty()}
 */
public record ClusterState(
        Map<String, Object> meshSpec,
        Set<String> presentPolicies,
        Set<String> servedApis,
        ClusterObservation observation) {

    public static ClusterState offline() {
        return new ClusterState(null, Set.of(), Set.of(), ClusterObservation.empty());
    }

    public boolean serves(String groupVersion) {
        return servedApis.isEmpty() || servedApis.contains(groupVersion);
    }
}
