package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaKinds;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.ZoneReports;
import java.util.List;

/**
 * The multi-zone part of the gates on Kuma's evidence:
 * <ul>
 *   <li>on a federated zone, nothing that writes a Kuma policy goes before the Mesh synced from the global control
 *       plane exists: Kuma's owner-reference webhook looks the policy's Mesh up and refuses the write when it is not
 *       there (Kuma pkg/plugins/runtime/k8s/webhooks/owner_reference_mutator.go, {@code Handle}: a zone-origin policy
 *       is not a synced resource, so the Mesh is fetched and a missing one is a 400);</li>
 *   <li>on a federated zone, step {@code 5-multi-zone} writes only once the zone's own ZoneInsight shows its
 *       connection to the global control plane open ({@link ZoneReports});</li>
 *   <li>on a global control plane, step {@code 5-multi-zone} writes its Zones and fence, then holds until every
 *       enabled zone of the profile is online by its ZoneInsight: the restricted permissions of {@code 6-restrict}
 *       reach a zone only through its connection.</li>
 * </ul>
 */
final class ZoneEvidence {

    private ZoneEvidence() {
    }

    /** The step held for the zones' evidence, or null when the zones do not hold it. */
    static PlannedStep gate(PlanContext c, PlannedStep step) {
        ControlPlaneRole role = c.resolved.role();
        if (role == ControlPlaneRole.Zone) {
            if (c.state.meshSpec() == null && writesKumaPolicy(step)) {
                return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForSyncedMesh, "waiting for mesh " + c.mesh
                        + " to be synced from the global control plane: Kuma refuses a policy of this zone whose Mesh does not exist"));
            }
            if (step.step() == Step.MULTI_ZONE) {
                String zone = c.spec.controlPlane.zoneName;
                ZoneReports zones = c.state.zoneReports();
                if (zone == null || zone.isBlank()) {
                    return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForGlobalConnection, "waiting for this zone's"
                            + " connection to the global control plane, which cannot be read: spec.controlPlane.zoneName is empty"));
                }
                if (zones == null || !zones.isOnline(zone)) {
                    String seen = zones == null ? "its ZoneInsight could not be read" : zones.whyNotOnline(zone);
                    return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForGlobalConnection, "waiting for zone " + zone
                            + " to be connected to the global control plane before its zone objects are written: " + seen));
                }
            }
        }
        if (role == ControlPlaneRole.Global && step.step() == Step.MULTI_ZONE) {
            List<String> enabled = c.spec.multiZone.zones.stream().filter(z -> !Boolean.FALSE.equals(z.enabled)).map(z -> z.name).toList();
            ZoneReports zones = c.state.zoneReports();
            List<String> offline = zones == null ? enabled.stream().map(z -> z + " (ZoneInsights could not be read)").toList()
                    : zones.notOnline(enabled);
            if (!offline.isEmpty()) {
                // The Zones and the fence go in; step 6-restrict waits until the zones can receive what it writes.
                return new PlannedStep(step.step(), step.apply(), step.delete(), step.notes(), step.blockedBy(),
                        new PlannedStep.Hold(ConditionReason.WaitingForZones, "waiting for " + offline.size() + " of " + enabled.size()
                                + " zones to be online by their ZoneInsights before the next step: " + String.join(", ", offline)),
                        step.waitBefore());
            }
        }
        return null;
    }

    private static boolean writesKumaPolicy(PlannedStep step) {
        return step.apply().stream().anyMatch(r -> r.ref().apiVersion().equals(KumaKinds.KUMA_API)
                && !r.ref().kind().equals("Mesh") && !r.ref().kind().equals("Zone"));
    }
}
