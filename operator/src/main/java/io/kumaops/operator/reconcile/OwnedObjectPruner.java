package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.KumaKinds;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.observe.KumaObjects;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.ZonePolicyFence;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ContainerPatchNames;
import io.kumaops.operator.model.DocsLinks;
import io.kumaops.operator.plan.PlannerFindingDocs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes objects a profile owns that its plan no longer wants (the Mesh and Deployments are never pruned). Kuma
 * kinds come from the pass's listing from before the rollout: what the rollout created is wanted, and what its
 * steps deleted is skipped here. PDBs, HPAs, NetworkPolicies and zone fences only become unwanted when the spec
 * changes, so they are listed once per generation, not on every pass.
 */
final class OwnedObjectPruner {

    private static final Logger LOG = LoggerFactory.getLogger(OwnedObjectPruner.class);
    /** Kuma kinds the operator may own besides the Mesh. */
    private static final List<String> PRUNABLE_KINDS = List.of(
            "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker", "ContainerPatch", "Zone");
    /** Kubernetes kinds the plan may emit, each with the API versions to list it by, newest first. */
    private static final Map<String, List<String>> PRUNABLE_KUBERNETES_KINDS = Map.of(
            "PodDisruptionBudget", List.of("policy/v1", "policy/v1beta1"),
            "HorizontalPodAutoscaler", List.of("autoscaling/v2", "autoscaling/v2beta2", "autoscaling/v1"),
            "NetworkPolicy", List.of("networking.k8s.io/v1"),
            "ValidatingAdmissionPolicy", List.of("admissionregistration.k8s.io/v1"),
            "ValidatingAdmissionPolicyBinding", List.of("admissionregistration.k8s.io/v1"));

    private final KubeAccess kube;
    private final OperatorMetrics metrics;
    /** Per profile, the generation whose unwanted PDBs, HPAs, NetworkPolicies and fences were last pruned. */
    private final Map<String, Long> prunedGeneration = new ConcurrentHashMap<>();

    OwnedObjectPruner(KubeAccess kube, OperatorMetrics metrics) {
        this.kube = kube;
        this.metrics = metrics;
    }

    /** Deletes what the plan no longer wants; returns a finding for each ContainerPatch kept because something names it. */
    List<Finding> prune(KumaProductionProfile profile, Plan plan, KumaObjects objects, ClusterFacts state) {
        String name = profile.getMetadata().getName();
        List<Finding> kept = new ArrayList<>();
        ContainerPatchGuard guard = new ContainerPatchGuard(kube.client(),
                state == null || state.observation() == null ? null : state.observation().controlPlane());
        Set<String> handled = new HashSet<>();
        plan.resources().forEach(r -> handled.add(r.ref().objectKey()));
        plan.steps().forEach(step -> step.delete().forEach(ref -> handled.add(ref.objectKey())));
        for (String kind : PRUNABLE_KINDS) {
            try {
                kept.addAll(deleteUnwanted(name, KumaKinds.KUMA_API, kind, objects.ownedBy(kind, name), handled, guard));
            } catch (KubernetesClientException e) {
                LOG.debug("cannot list {} to prune: {}", kind, e.getMessage());
            }
        }
        Long generation = profile.getMetadata().getGeneration();
        if (generation != null && generation.equals(prunedGeneration.get(name))) {
            return kept;
        }
        boolean listedAll = releaseUnmanagedControlPlane(profile, plan);
        for (Map.Entry<String, List<String>> kind : PRUNABLE_KUBERNETES_KINDS.entrySet()) {
            boolean fence = kind.getKey().startsWith("ValidatingAdmissionPolicy");
            Optional<String> apiVersion = kind.getValue().stream()
                    .filter(version -> fence ? state.servesResource(version, ZonePolicyFence.RESOURCE) : state.serves(version))
                    .findFirst();
            if (apiVersion.isEmpty()) {
                continue; // not served: nothing of the kind can exist
            }
            try {
                deleteUnwanted(name, apiVersion.get(), kind.getKey(), kube.listOwned(apiVersion.get(), kind.getKey(), name), handled, guard);
            } catch (KubernetesClientException e) {
                // 403: the chart does not grant this kind (e.g. zoneGovernance off), so the operator cannot have written it.
                listedAll &= e.getCode() == 403 || e.getCode() == 404;
                LOG.debug("cannot list {} to prune: {}", kind.getKey(), e.getMessage());
            }
        }
        if (listedAll && generation != null) {
            prunedGeneration.put(name, generation);
        }
        return kept;
    }

    /**
     * The control-plane Deployment is never pruned. Once the profile no longer sets its fields (manage: false), the
     * Deployment drops this profile's marks, so that another profile may manage the control plane without finding a
     * stale owner (the planner's one-owner check). False when the Deployment could not be read.
     */
    private boolean releaseUnmanagedControlPlane(KumaProductionProfile profile, Plan plan) {
        var controlPlane = profile.getSpec().controlPlane;
        ResourceRef ref = new ResourceRef("apps/v1", "Deployment", controlPlane.systemNamespace, controlPlane.deploymentName);
        if (plan.resources().stream().anyMatch(r -> r.patchOnly() && r.ref().objectKey().equals(ref.objectKey()))) {
            return true;
        }
        try {
            if (GeneratedNames.profileLabel(profile.getMetadata().getName()).equals(kube.get(ref).map(Labels::profileOf).orElse(null))) {
                LOG.info("profile {}: {} is no longer managed; releasing it", profile.getMetadata().getName(), ref);
                kube.removeOwnershipMarks(ref, false);
            }
            return true;
        } catch (KubernetesClientException e) {
            LOG.debug("cannot release {}: {}", ref, e.getMessage());
            return false;
        }
    }

    void forget(String profile) {
        prunedGeneration.remove(profile);
    }

    private List<Finding> deleteUnwanted(String profile, String apiVersion, String kind, List<GenericKubernetesResource> owned,
                                         Set<String> handled, ContainerPatchGuard guard) {
        List<Finding> kept = new ArrayList<>();
        for (GenericKubernetesResource object : owned) {
            ResourceRef ref = new ResourceRef(apiVersion, kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
            if (handled.contains(ref.objectKey())) {
                continue;
            }
            Optional<String> why = guard.whyKept(ref);
            if (why.isPresent()) {
                LOG.info("profile {}: not pruning {}: {}", profile, ref, why.get());
                kept.add(stillNamed(ref, why.get()));
            } else {
                LOG.info("profile {}: pruning {} which the profile no longer wants", profile, ref);
                kube.delete(ref);
                metrics.write("delete");
            }
        }
        return kept;
    }

    private static Finding stillNamed(ResourceRef ref, String why) {
        Finding finding = new Finding(PlannerFindingDocs.CONTAINER_PATCH_STILL_NAMED, Severity.Warning, "spec.sidecar.containerPatchName",
                "the profile no longer wants " + ref + ", but " + why, "remove the name " + ref.name() + " from the "
                + ContainerPatchNames.POD_ANNOTATION + " annotation of those pods (in their workloads' pod templates) and from the"
                + " control plane's " + ContainerPatchNames.CONTROL_PLANE_ENV + "; the operator deletes the patch once nothing names it");
        finding.source = FindingSource.Cluster;
        finding.docsUrl = DocsLinks.finding(finding.code);
        finding.suppressed = false;
        return finding;
    }
}
