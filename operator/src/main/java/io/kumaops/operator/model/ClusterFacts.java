package io.kumaops.operator.model;

import java.util.Map;
import java.util.Set;

/**
 * Everything one pass observed of the cluster, read once and shared by the rules, the planner, the status and
 * {@code lint --cluster}: the detection facts ({@link ClusterObservation}), the live Mesh, the mesh's permissions and
 * Kuma's reports. The planner reads it so that it never undoes what is already running.
 *
 * @param meshSpec         the live Mesh's spec, or null when the Mesh does not exist (or nothing was observed)
 * @param presentPolicies  names of MeshTrafficPermissions present in the system namespace
 * @param servedApis       "group/version" strings served (e.g. "policy/v1"), plus "group/version/resource" for
 *                         resources probed one by one (e.g. "admissionregistration.k8s.io/v1/validatingadmissionpolicies",
 *                         or with a leading "!" when probed and not served); empty means assume the newest
 * @param observation      live-cluster facts (detection, CP Deployment), or {@link ClusterObservation#empty()}
 * @param ownedPolicies    the mesh-wide default policies (and their canary copies) this profile owns, as the API
 *                         server holds them, keyed by {@link #policyKey}; empty when none exist or offline
 * @param operatorIdentity the operator's own user name as the API server knows it, or null when unknown
 * @param kumaReports      what Kuma's control plane reports on the mesh (its MeshInsight), or null when it reports nothing
 * @param meshPermissions  MeshTrafficPermissions of the mesh in the system namespace as the API server holds them
 * @param meshPolicies     the mesh's objects of the default-policy kinds (MeshTimeout, MeshRetry, MeshCircuitBreaker) in
 *                         the system namespace as the API server holds them, by kind
 * @param foreignPermissions MeshTrafficPermissions of this mesh in the system namespace that this profile does not
 *                         own: someone else's access decisions, which the operator lists and never changes
 * @param heldByOtherProfiles objects this profile could write that carry another profile's {@link Labels#PROFILE}
 *                         label, as the API server holds them, keyed by {@link ResourceRef#objectKey()}; empty offline
 * @param zoneReports      on a global control plane or a federated zone, the zones' connections as Kuma's ZoneInsights
 *                         record them; null when they were not read (offline, a standalone control plane, a failed read)
 * @param canaryDataplanes while a policy canary bakes, what Kuma reports of its data planes; null when not read
 * @param deniedWrites     "group/resource" the operator asked the API server about (SelfSubjectAccessReview) and may
 *                         not create, e.g. "admissionregistration.k8s.io/validatingadmissionpolicies"; empty when none
 *                         was refused or none was asked
 */
public record ClusterFacts(
        Map<String, Object> meshSpec,
        Set<String> presentPolicies,
        Set<String> servedApis,
        ClusterObservation observation,
        Map<String, Map<String, Object>> ownedPolicies,
        String operatorIdentity,
        Set<String> foreignPermissions,
        io.kumaops.operator.model.KumaReports kumaReports,
        int meshPermissions,
        Map<String, Integer> meshPolicies,
        Map<String, Map<String, Object>> heldByOtherProfiles,
        Set<String> deniedWrites,
        ZoneReports zoneReports,
        CanaryDataplanes canaryDataplanes) {

    public ClusterFacts(Map<String, Object> meshSpec, Set<String> presentPolicies, Set<String> servedApis, ClusterObservation observation,
                        Map<String, Map<String, Object>> ownedPolicies, String operatorIdentity, Set<String> foreignPermissions) {
        this(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions, null, 0, Map.of(), Map.of(), Set.of(), null, null);
    }

    public ClusterFacts(Map<String, Object> meshSpec, Set<String> presentPolicies, Set<String> servedApis, ClusterObservation observation,
                        Map<String, Map<String, Object>> ownedPolicies, String operatorIdentity, Set<String> foreignPermissions,
                        KumaReports kumaReports, int meshPermissions, Map<String, Integer> meshPolicies,
                        Map<String, Map<String, Object>> heldByOtherProfiles, Set<String> deniedWrites) {
        this(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions, kumaReports,
                meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, null, null);
    }

    /** The same facts with what Kuma reports of a policy canary's data planes. */
    public ClusterFacts withCanaryDataplanes(CanaryDataplanes canary) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canary);
    }

    /** The same facts with the zones' connections as Kuma's ZoneInsights record them. */
    public ClusterFacts withZoneReports(ZoneReports zones) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zones, canaryDataplanes);
    }

    /** The same facts with the objects of the profile's names that other profiles own. */
    public ClusterFacts withHeldByOtherProfiles(Map<String, Map<String, Object>> objects) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                kumaReports, meshPermissions, meshPolicies, objects, deniedWrites, zoneReports, canaryDataplanes);
    }

    /** Kuma's reports on the mesh (its MeshInsight) and the MeshTrafficPermissions of the mesh the API server holds. */
    public ClusterFacts withKumaReports(io.kumaops.operator.model.KumaReports reports, int permissions) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                reports, permissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    public ClusterFacts {
        ownedPolicies = ownedPolicies == null ? Map.of() : Map.copyOf(ownedPolicies);
        foreignPermissions = foreignPermissions == null ? Set.of() : Set.copyOf(foreignPermissions);
        meshPolicies = meshPolicies == null ? Map.of() : Map.copyOf(meshPolicies);
        heldByOtherProfiles = heldByOtherProfiles == null ? Map.of() : Map.copyOf(heldByOtherProfiles);
        deniedWrites = deniedWrites == null ? Set.of() : Set.copyOf(deniedWrites);
    }

    /** The same facts, knowing the operator may not create these "group/resource"s. */
    public ClusterFacts withDeniedWrites(Set<String> denied) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, denied, zoneReports, canaryDataplanes);
    }

    /** True when the API server told the operator it may not create objects of this group and resource. */
    public boolean writeDenied(String group, String resource) {
        return deniedWrites.contains(group + "/" + resource);
    }

    /** The mesh's default-policy objects the API server holds, by kind. */
    public ClusterFacts withMeshPolicies(Map<String, Integer> counts) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions,
                kumaReports, meshPermissions, counts, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    public ClusterFacts(Map<String, Object> meshSpec, Set<String> presentPolicies, Set<String> servedApis, ClusterObservation observation) {
        this(meshSpec, presentPolicies, servedApis, observation, Map.of(), null, Set.of());
    }

    public ClusterFacts(Map<String, Object> meshSpec, Set<String> presentPolicies, Set<String> servedApis, ClusterObservation observation,
                        Map<String, Map<String, Object>> ownedPolicies, String operatorIdentity) {
        this(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, Set.of());
    }

    public ClusterFacts withForeignPermissions(Set<String> names) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, names, kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    /** mTLS is on in the live Mesh: MeshTrafficPermissions are in force, so every allow decides who may call whom. */
    public boolean liveMtlsOn() {
        return liveMtlsBackend() != null;
    }

    /** The live Mesh's mtls block, or null when the Mesh has none (or was not observed). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> liveMtls() {
        return meshSpec != null && meshSpec.get("mtls") instanceof Map<?, ?> mtls ? (Map<String, Object>) mtls : null;
    }

    /** The backend the live Mesh has enabled, or null: mTLS is off there, or the Mesh was not observed. */
    public String liveMtlsBackend() {
        Map<String, Object> mtls = liveMtls();
        return mtls != null && mtls.get("enabledBackend") instanceof String backend && !backend.isBlank() ? backend : null;
    }

    /** Only the cluster's observation: no live Mesh or permissions were read. */
    public static ClusterFacts observed(ClusterObservation observation) {
        return new ClusterFacts(null, Set.of(), observation.servedApis() == null ? Set.of() : Set.copyOf(observation.servedApis()), observation);
    }

    public static ClusterFacts offline() {
        return new ClusterFacts(null, Set.of(), Set.of(), ClusterObservation.empty());
    }

    /**
     * True when nothing was observed: the plan is rendered for review, not applied. The operator always observed
     * Kuma's CRDs before it plans, so a failed discovery alone does not make it "offline".
     */
    public boolean isOffline() {
        return servedApis.isEmpty() && (observation == null || observation.kumaInstalled() == null);
    }

    public boolean serves(String groupVersion) {
        return servedApis.isEmpty() || servedApis.contains(groupVersion);
    }

    /** A resource of a group version that older servers lack although they serve the group version (e.g. VAP in admissionregistration.k8s.io/v1). */
    public boolean servesResource(String groupVersion, String plural) {
        return servedApis.isEmpty() || servedApis.contains(groupVersion + "/" + plural);
    }

    public ClusterFacts withOwnedPolicies(Map<String, Map<String, Object>> policies) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, policies, operatorIdentity, foreignPermissions, kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    /** The same facts with the Mesh as a later read (or the apply's response) showed it. */
    public ClusterFacts withMeshSpec(Map<String, Object> spec) {
        return new ClusterFacts(spec, presentPolicies, servedApis, observation, ownedPolicies, operatorIdentity, foreignPermissions, kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    public ClusterFacts withOperatorIdentity(String identity) {
        return new ClusterFacts(meshSpec, presentPolicies, servedApis, observation, ownedPolicies, identity, foreignPermissions, kumaReports, meshPermissions, meshPolicies, heldByOtherProfiles, deniedWrites, zoneReports, canaryDataplanes);
    }

    public static String policyKey(String kind, String name) {
        return kind + "/" + name;
    }
}
