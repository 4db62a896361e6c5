package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.kumaops.operator.api.v1alpha1.DeletionPolicy;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a profile does to what it wrote: Orphan releases the objects (only the operator's marks go); Delete
 * removes them latest step first, one at a time, each observed gone before the next. The control-plane Deployment
 * is never deleted.
 */
final class ProfileCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileCleanup.class);

    private final KubeAccess kube;
    private final EventRecorder events;
    private final OperatorMetrics metrics;
    private final Duration retry;

    ProfileCleanup(KubeAccess kube, EventRecorder events, OperatorMetrics metrics, Duration retry) {
        this.kube = kube;
        this.events = events;
        this.metrics = metrics;
        this.retry = retry;
    }

    /**
     * @param plan       the plan of the profile as it is now: its objects are what the profile owns
     * @param dataplanes the mesh's Dataplanes as counted now, or null when unknown
     * @param controlPlane the control-plane Deployment as observed now, or null
     */
    DeleteControl cleanup(KumaProductionProfile profile, Plan plan, Integer dataplanes, ClusterObservation.ControlPlaneDeployment controlPlane) {
        String name = profile.getMetadata().getName();
        ContainerPatchGuard guard = new ContainerPatchGuard(kube.client(), controlPlane);
        List<ResourceRef> reverse = reverseOrder(plan);
        if (profile.getSpec().deletionPolicy == DeletionPolicy.Orphan) {
            for (ResourceRef ref : reverse) {
                try {
                    if (ownedByAnotherProfile(kube.get(ref), name)) {
                        continue;
                    }
                    kube.removeOwnershipMarks(ref);
                } catch (KubernetesClientException e) {
                    LOG.warn("profile {}: could not release {}: {}", name, ref, e.getMessage());
                }
            }
            releasePatchOnly(plan);
            events.normal(profile, "Orphaned", "profile deleted; " + reverse.size() + " objects left in place without the operator's marks");
            return DeleteControl.defaultDelete();
        }
        // Kuma refuses to delete a Mesh that still has Dataplanes ("unable to delete mesh, there are still some dataplanes
        // attached", pkg/core/managers/apis/mesh/mesh_validator.go). Such a Mesh stays, and so do the permissions its
        // traffic runs on: with mTLS on, deleting them would deny all traffic. The rest goes.
        boolean meshKept = dataplanes == null || dataplanes > 0;
        for (ResourceRef ref : reverse) {
            if (meshKept && (ref.kind().equals("Mesh") || ref.kind().equals("MeshTrafficPermission"))) {
                continue;
            }
            Optional<Map<String, Object>> observed = kube.get(ref);
            if (ownedByAnotherProfile(observed, name)) {
                LOG.info("profile {}: {} belongs to another profile; not deleted", name, ref);
                continue;
            }
            Optional<String> kept = observed.isPresent() ? guard.whyKept(ref) : Optional.empty();
            if (kept.isPresent()) {
                keepNamedPatch(profile, ref, kept.get());
            } else if (observed.isPresent()) {
                kube.delete(ref);
                metrics.write("delete");
                LOG.info("profile {}: deletionPolicy Delete removed {}", name, ref);
                if (kube.get(ref).isPresent()) {
                    return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry);
                }
            }
        }
        if (meshKept && reverse.stream().anyMatch(ref -> ref.kind().equals("Mesh") && kube.get(ref).isPresent())) {
            String why = "deletionPolicy Delete: mesh " + profile.meshName() + " still has " + (dataplanes == null ? "an unknown number of"
                    : dataplanes) + " Dataplanes and Kuma refuses to delete a Mesh with data planes; the profile's other objects are"
                    + " deleted, the Mesh and its MeshTrafficPermissions stay until its data planes are gone (or remove the finalizer"
                    + " to keep them)";
            LOG.info("profile {}: {}", name, why);
            events.warning(profile, "MeshKept", why);
            recordWaiting(profile, why);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(retry.multipliedBy(10));
        }
        releasePatchOnly(plan);
        return DeleteControl.defaultDelete();
    }

    /**
     * A patch the injector is still told to apply stays: released, so that no profile is its owner any more, with the
     * reason on it and in an Event; deleting it would make Kuma refuse those pods.
     */
    private void keepNamedPatch(KumaProductionProfile profile, ResourceRef ref, String why) {
        LOG.info("profile {}: deletionPolicy Delete does not remove {}", profile.getMetadata().getName(), why);
        kube.removeOwnershipMarks(ref);
        kube.annotate(ref, Labels.KEPT_BECAUSE, why);
        events.warning(profile, "ContainerPatchKept", why + "; it is left in place without the operator's marks");
    }

    /** The status says why the profile is still there: its deletion waits for the mesh's data planes. */
    private void recordWaiting(KumaProductionProfile profile, String why) {
        try {
            kube.client().resources(KumaProductionProfile.class).withName(profile.getMetadata().getName()).editStatus(live -> {
                if (live.getStatus() != null && live.getStatus().conditions != null) {
                    live.getStatus().conditions.removeIf(c -> "Ready".equals(c.getType()));
                    live.getStatus().conditions.add(new io.fabric8.kubernetes.api.model.ConditionBuilder().withType("Ready")
                            .withStatus("False").withReason(io.kumaops.operator.model.ConditionReason.DeletionWaitsForDataplanes.name())
                            .withMessage(why).withLastTransitionTime(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                            .withObservedGeneration(profile.getMetadata().getGeneration()).build());
                }
                return live;
            });
        } catch (KubernetesClientException e) {
            LOG.debug("cannot record the kept Mesh in the status of {}: {}", profile.getMetadata().getName(), e.getMessage());
        }
    }

    /** The control-plane Deployment only loses the operator's marks (this profile's; another profile's stay). */
    private void releasePatchOnly(Plan plan) {
        for (DesiredResource patchOnly : plan.resources().stream().filter(DesiredResource::patchOnly).toList()) {
            if (!ownedByAnotherProfile(kube.get(patchOnly.ref()), plan.profileName())) {
                kube.removeOwnershipMarks(patchOnly.ref(), false);
            }
        }
    }

    /** The object carries another profile's label: it is that profile's to release or delete, never this one's. */
    static boolean ownedByAnotherProfile(Optional<Map<String, Object>> observed, String profile) {
        String owner = observed.map(Labels::profileOf).orElse(null);
        return owner != null && !owner.equals(GeneratedNames.profileLabel(profile));
    }

    /** Every object the profile created, latest step first, each once; the control-plane Deployment is never included. */
    static List<ResourceRef> reverseOrder(Plan plan) {
        LinkedHashSet<ResourceRef> refs = new LinkedHashSet<>();
        List<PlannedStep> steps = new ArrayList<>(plan.steps());
        Collections.reverse(steps);
        for (PlannedStep step : steps) {
            List<DesiredResource> apply = new ArrayList<>(step.apply());
            Collections.reverse(apply);
            apply.stream().filter(r -> !r.patchOnly()).forEach(r -> refs.add(r.ref()));
        }
        return new ArrayList<>(refs);
    }
}
