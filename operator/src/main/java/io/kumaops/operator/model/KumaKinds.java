package io.kumaops.operator.model;

import java.util.List;

/** Kuma's API group and the kind lists the planner, the fence and the watches share. */
public final class KumaKinds {

    public static final String KUMA_GROUP = "kuma.io";
    public static final String KUMA_VERSION = "v1alpha1";
    public static final String KUMA_API = KUMA_GROUP + "/" + KUMA_VERSION;

    /**
     * Resources of Kuma's policy kinds (kuma.io Mesh* policies, Kuma 2.9 … 2.14): what the zone policy fence keeps
     * for the global control plane. Mesh, MeshService and other non-policy mesh* kinds are not policies.
     */
    public static final List<String> KUMA_POLICY_RESOURCES = List.of(
            "meshaccesslogs", "meshcircuitbreakers", "meshfaultinjections", "meshhealthchecks", "meshhttproutes",
            "meshloadbalancingstrategies", "meshmetrics", "meshpassthroughs", "meshproxypatches", "meshratelimits",
            "meshretries", "meshtcproutes", "meshtimeouts", "meshtlses", "meshtraces", "meshtrafficpermissions");

    /** Kuma kinds the operator may own, in the order their informers are registered. */
    public static final List<String> MANAGED_KUMA_KINDS = List.of(
            "Mesh", "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker", "ContainerPatch", "Zone");

    private KumaKinds() {
    }
}
