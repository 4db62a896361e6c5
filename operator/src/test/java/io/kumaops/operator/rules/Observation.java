package io.kumaops.operator.rules;

import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.CiliumConfig;
import io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment;
import io.kumaops.operator.model.ClusterObservation.GatewayDeployment;
import io.kumaops.operator.model.ClusterObservation.MeshWidePolicy;
import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link ClusterObservation} for tests; unset fields stay null ("not observed"). */
final class Observation {

    private Boolean kumaInstalled = true;
    private Integer dataplanes;
    private ControlPlaneDeployment controlPlane;
    private Boolean controlPlaneDisruptionBudget;
    private String platformProvider;
    private Boolean kumaCniInstalled;
    private CiliumConfig cilium;
    private Boolean argoCdInstalled;
    private Boolean argoRolloutsInstalled;
    private Boolean helmGeneratedControlPlaneTls;
    private final List<MeshWidePolicy> meshWidePolicies = new ArrayList<>();
    private final List<GatewayDeployment> delegatedGateways = new ArrayList<>();
    /** Null until a namespace is added: namespaces not observed. */
    private Map<String, ObservedNamespace> namespaces;

    static Observation cluster() {
        return new Observation();
    }

    /** A control-plane Deployment kuma-system/kuma-control-plane with the given replicas, no env, no requests. */
    static ControlPlaneDeployment controlPlane(Integer replicas) {
        return controlPlane(replicas, Map.of(), null, null);
    }

    static ControlPlaneDeployment controlPlane(Integer replicas, Map<String, String> env, Long cpuMillis, Long memoryBytes) {
        return new ControlPlaneDeployment("kuma-system", "kuma-control-plane", replicas, new LinkedHashMap<>(env),
                cpuMillis, memoryBytes, Map.of("app", "kuma-control-plane"));
    }

    Observation dataplanes(int count) {
        dataplanes = count;
        return this;
    }

    Observation controlPlane(ControlPlaneDeployment deployment) {
        controlPlane = deployment;
        return this;
    }

    Observation disruptionBudget(boolean present) {
        controlPlaneDisruptionBudget = present;
        return this;
    }

    Observation provider(String provider) {
        platformProvider = provider;
        return this;
    }

    Observation kumaCni(boolean installed) {
        kumaCniInstalled = installed;
        return this;
    }

    Observation cilium(Boolean kubeProxyReplacement, Boolean cniExclusive) {
        cilium = new CiliumConfig(kubeProxyReplacement, cniExclusive);
        return this;
    }

    Observation argoCd(boolean installed) {
        argoCdInstalled = installed;
        return this;
    }

    Observation argoRollouts(boolean installed) {
        argoRolloutsInstalled = installed;
        return this;
    }

    Observation helmGeneratedTls(boolean generated) {
        helmGeneratedControlPlaneTls = generated;
        return this;
    }

    Observation policy(String kind, String namespace, String name, String owner) {
        meshWidePolicies.add(new MeshWidePolicy(kind, namespace, name, owner));
        return this;
    }

    Observation gateway(String namespace, String name, boolean found, boolean annotated) {
        delegatedGateways.add(new GatewayDeployment(namespace, name, found, annotated));
        return this;
    }

    /** Namespaces observed, none of them relevant yet (no system namespace, no Dataplanes). */
    Observation namespacesObserved() {
        if (namespaces == null) {
            namespaces = new LinkedHashMap<>();
        }
        return this;
    }

    /** An observed namespace with {@code dataplanes} of the profile's mesh, all injected (no builtin gateway). */
    Observation namespace(String name, String sidecarInjection, String mesh, int dataplanes, String otherMesh) {
        return namespace(new ObservedNamespace(name, sidecarInjection, mesh, dataplanes, dataplanes, otherMesh));
    }

    Observation namespace(ObservedNamespace namespace) {
        namespacesObserved();
        namespaces.put(namespace.name(), namespace);
        return this;
    }

    ClusterObservation build() {
        return new ClusterObservation(kumaInstalled, dataplanes, controlPlane, controlPlaneDisruptionBudget, platformProvider,
                kumaCniInstalled, cilium, argoCdInstalled, argoRolloutsInstalled, helmGeneratedControlPlaneTls,
                List.copyOf(meshWidePolicies), List.copyOf(delegatedGateways), List.of()).withNamespaces(namespaces);
    }
}
