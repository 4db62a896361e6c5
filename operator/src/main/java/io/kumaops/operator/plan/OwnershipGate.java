package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ContainerPatchNames;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceMatcher;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One owner per object. Profiles can share a system namespace and a control plane, and every object the operator
 * writes carries its profile's {@code kumaops.io/profile} label; all profiles apply under one field manager, so a
 * second profile's write would silently replace the first one's fields. A step that would write an object another
 * profile owns therefore
 * <ul>
 *   <li>leaves it to its owner when it already holds what this profile wants (two profiles that agree do not fight);</li>
 *   <li>otherwise writes nothing and raises an Error finding: {@value #SHARED_SETTING_CONFLICT} for the control plane's
 *       Deployment and the sidecar ContainerPatch (there is one set of control-plane settings however many meshes it
 *       serves), {@value #NAME_COLLISION} for every other object.</li>
 * </ul>
 * The owner is the profile whose label the object carries: the first that wrote it. A step never deletes an object
 * another profile owns. Within one plan, an object written twice with different content, or written and deleted by
 * one step, is a {@value #NAME_COLLISION} too: {@link io.kumaops.operator.model.GeneratedNames} makes that impossible,
 * and this check keeps it so.
 */
final class OwnershipGate {

    static final String NAME_COLLISION = "GeneratedNameCollision";
    static final String SHARED_SETTING_CONFLICT = "SharedControlPlaneSettingConflict";

    /** The kinds that hold settings of the one control plane rather than of a mesh. */
    private static final Set<String> CONTROL_PLANE_SETTINGS = Set.of("Deployment", "ContainerPatch");
    /** Step 1 writes the Mesh and step 3 writes it again with its mTLS: the one object a plan writes twice on purpose. */
    private static final String WRITTEN_TWICE_ON_PURPOSE = "Mesh";

    private OwnershipGate() {
    }

    static List<PlannedStep> apply(PlanContext c, List<PlannedStep> steps) {
        Map<String, Written> written = new HashMap<>();
        List<PlannedStep> judged = new ArrayList<>();
        for (PlannedStep step : steps) {
            judged.add(judge(c, step, written));
        }
        return judged;
    }

    private record Written(Step step, DesiredResource resource) {
    }

    private static PlannedStep judge(PlanContext c, PlannedStep step, Map<String, Written> written) {
        Map<String, Map<String, Object>> others = c.state.heldByOtherProfiles();
        List<DesiredResource> apply = new ArrayList<>();
        List<ResourceRef> delete = new ArrayList<>();
        List<String> notes = new ArrayList<>(step.notes());
        List<Finding> conflicts = new ArrayList<>();
        Set<String> deleted = new java.util.HashSet<>();
        step.delete().forEach(ref -> deleted.add(ref.objectKey()));
        for (DesiredResource desired : step.apply()) {
            String key = desired.ref().objectKey();
            Written before = written.get(key);
            if (deleted.contains(key) || (before != null && !sameContent(before.resource(), desired))) {
                conflicts.add(withinPlan(c, step, desired, before));
                continue;
            }
            if (!desired.ref().kind().equals(WRITTEN_TWICE_ON_PURPOSE)) {
                written.putIfAbsent(key, new Written(step.step(), desired));
            }
            Map<String, Object> held = others.get(key);
            if (held == null) {
                apply.add(desired);
            } else if (ResourceMatcher.matches(withoutOwner(desired.body()), held)) {
                notes.add(desired.ref() + " belongs to profile " + owner(held) + " and already holds what this profile wants; it is left to that profile");
            } else {
                conflicts.add(heldByOther(c, step, desired, held));
            }
        }
        for (ResourceRef ref : step.delete()) {
            Map<String, Object> held = others.get(ref.objectKey());
            if (held == null) {
                delete.add(ref);
            } else {
                notes.add(ref + " belongs to profile " + owner(held) + "; it is not deleted");
            }
        }
        if (!conflicts.isEmpty()) {
            c.findings.addAll(conflicts);
            conflicts.forEach(finding -> notes.add(finding.message));
            List<String> blockedBy = new ArrayList<>(step.blockedBy());
            conflicts.stream().map(finding -> finding.code).distinct().filter(code -> !blockedBy.contains(code)).forEach(blockedBy::add);
            return new PlannedStep(step.step(), List.of(), List.of(), notes, blockedBy, null);
        }
        if (apply.size() == step.apply().size() && delete.size() == step.delete().size()) {
            return step;
        }
        return new PlannedStep(step.step(), apply, delete, notes, step.blockedBy(), step.hold(), step.waitBefore());
    }

    private static Finding heldByOther(PlanContext c, PlannedStep step, DesiredResource desired, Map<String, Object> held) {
        String owner = owner(held);
        if (CONTROL_PLANE_SETTINGS.contains(desired.ref().kind())) {
            String wantedPatches = injectorPatchList(desired.body());
            String heldPatches = injectorPatchList(held);
            String patches = wantedPatches == null || wantedPatches.equals(heldPatches) ? "" : "; the injector's patch list "
                    + ContainerPatchNames.CONTROL_PLANE_ENV + " is one setting of the control plane, and profile " + owner + " has it name "
                    + (heldPatches == null ? "no patch" : heldPatches) + " where this profile would name " + wantedPatches
                    + " (spec.sidecar.containerPatchName)";
            return finding(SHARED_SETTING_CONFLICT, field(c, desired.ref()),
                    desired.ref() + " is managed by profile " + owner + ", and this profile wants other settings for it; the control"
                            + " plane serves every mesh with one set of settings, so step " + step.step().id() + " writes nothing" + patches,
                    "let one profile set the control plane's settings: make the profiles agree (the same replicas, resources and env,"
                            + " the same sidecar resources), or set spec.controlPlane.manage: false and leave spec.sidecar unset in all"
                            + " but profile " + owner + " (or give this profile's patch its own spec.sidecar.containerPatchName)");
        }
        return finding(NAME_COLLISION, field(c, desired.ref()),
                desired.ref() + " belongs to profile " + owner + " (label " + Labels.PROFILE + ") and holds other content than"
                        + " this profile would write; two profiles do not share an object, so step " + step.step().id() + " writes nothing",
                "give this profile's objects their own names (another " + field(c, desired.ref()) + "), or remove the object from"
                        + " one of the profiles; if profile " + owner + " no longer exists, delete the object or its " + Labels.PROFILE + " label");
    }

    /** The control-plane container's {@value ContainerPatchNames#CONTROL_PLANE_ENV} in a Deployment body, or null. */
    private static String injectorPatchList(Map<String, Object> deployment) {
        if (!(at(deployment, "spec", "template", "spec", "containers") instanceof List<?> containers)) {
            return null;
        }
        for (Object container : containers) {
            if (container instanceof Map<?, ?> c && Planner.CONTROL_PLANE_CONTAINER.equals(c.get("name")) && c.get("env") instanceof List<?> env) {
                for (Object variable : env) {
                    if (variable instanceof Map<?, ?> v && ContainerPatchNames.CONTROL_PLANE_ENV.equals(v.get("name"))) {
                        return String.join(",", ContainerPatchNames.parse(String.valueOf(v.get("value"))));
                    }
                }
            }
        }
        return null;
    }

    private static Object at(Map<String, Object> body, String... path) {
        Object node = body;
        for (String key : path) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return node;
    }

    private static Finding withinPlan(PlanContext c, PlannedStep step, DesiredResource desired, Written before) {
        String what = before == null ? "step " + step.step().id() + " would write and delete it"
                : "steps " + before.step().id() + " and " + step.step().id() + " would write it with different content";
        return finding(NAME_COLLISION, field(c, desired.ref()),
                desired.ref() + " is the name of two different objects of this profile: " + what + "; step " + step.step().id()
                        + " writes nothing",
                "rename one of the two in the profile (" + field(c, desired.ref()) + ")");
    }

    private static Finding finding(String code, String field, String message, String fix) {
        Finding finding = new Finding(code, Severity.Error, field, message, fix);
        finding.source = FindingSource.Cluster;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(code);
        finding.suppressed = false;
        return finding;
    }

    /** The profile field the object's name comes from. */
    private static String field(PlanContext c, ResourceRef ref) {
        return switch (ref.kind()) {
            case "Deployment" -> "spec.controlPlane.deploymentName";
            case "ContainerPatch" -> "spec.sidecar.containerPatchName";
            case "MeshTrafficPermission" -> "spec.trafficPermissions";
            case "MeshTimeout", "MeshRetry", "MeshCircuitBreaker" -> "spec.policies";
            case "Zone" -> "spec.multiZone.zones";
            case "NetworkPolicy" -> "spec.multiZone.fenceGlobalControlPlane";
            case "HorizontalPodAutoscaler" -> "spec.multiZone.zoneIngress.deploymentName";
            case "PodDisruptionBudget" -> ref.name().equals(io.kumaops.operator.model.GeneratedNames.disruptionBudget(c.spec.controlPlane.deploymentName))
                    ? "spec.controlPlane.deploymentName" : "spec.multiZone.zoneIngress.deploymentName";
            case "Mesh" -> "spec.mesh.name";
            default -> "metadata.name";
        };
    }

    /** Equal but for the step annotation, which records whichever step wrote the object last. */
    private static boolean sameContent(DesiredResource first, DesiredResource second) {
        return ResourceMatcher.matches(first.body(), second.body()) && ResourceMatcher.matches(second.body(), first.body());
    }

    /** The desired body without this profile's label: what must match an object another profile owns. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutOwner(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
        if (metadata.get("labels") instanceof Map<?, ?> labels) {
            Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) labels);
            kept.remove(Labels.PROFILE);
            metadata.put("labels", kept);
        }
        copy.put("metadata", metadata);
        return copy;
    }

    private static String owner(Map<String, Object> held) {
        return Labels.profileOf(held);
    }
}
