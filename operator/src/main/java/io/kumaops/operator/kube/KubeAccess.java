package io.kumaops.operator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few API operations the rollout needs, on objects of any kind, without API discovery. Writes are
 * server-side apply under one field manager and never forced: a conflict surfaces as a 409.
 */
public final class KubeAccess {

    public static final String FIELD_MANAGER = io.kumaops.operator.model.Labels.FIELD_MANAGER;

    private final KubernetesClient client;
    private final String fieldManager;

    public KubeAccess(KubernetesClient client) {
        this(client, FIELD_MANAGER);
    }

    public KubeAccess(KubernetesClient client, String fieldManager) {
        this.client = client;
        this.fieldManager = fieldManager;
    }

    public KubernetesClient client() {
        return client;
    }

    public Optional<Map<String, Object>> get(ResourceRef ref) {
        GenericKubernetesResource resource = resource(ref).get();
        return Optional.ofNullable(resource).map(KubeAccess::toMap);
    }

    /** Server-side apply of the desired body; returns what the server stored. */
    public Map<String, Object> apply(DesiredResource desired) {
        GenericKubernetesResource body = Serialization.jsonMapper().convertValue(desired.body(), GenericKubernetesResource.class);
        var apply = resource(desired.ref(), body).fieldManager(fieldManager);
        GenericKubernetesResource applied = desired.forceOwnership() ? apply.forceConflicts().serverSideApply() : apply.serverSideApply();
        return toMap(applied);
    }

    /** Deletes; true when a delete was sent (the object existed). */
    public boolean delete(ResourceRef ref) {
        return !resource(ref).delete().isEmpty();
    }

    /** Objects of one kind that carry this profile's ownership labels, in every namespace (or cluster-scoped). */
    public List<GenericKubernetesResource> listOwned(String apiVersion, String kind, String profile) {
        var operation = client.genericKubernetesResources(KubeKinds.context(apiVersion, kind));
        var labels = Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE, Labels.PROFILE, io.kumaops.operator.model.GeneratedNames.profileLabel(profile));
        return (KubeKinds.context(apiVersion, kind).isNamespaceScoped() ? operation.inAnyNamespace().withLabels(labels).list()
                : operation.withLabels(labels).list()).getItems();
    }

    /** Sets one annotation (a JSON merge patch: nothing else of the object changes). */
    public void annotate(ResourceRef ref, String key, String value) {
        resource(ref).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(
                Map.of("metadata", Map.of("annotations", Map.of(key, value)))));
    }

    /** Removes the operator's labels and step annotation, leaving the object and its content in place. */
    public void removeOwnershipMarks(ResourceRef ref) {
        removeOwnershipMarks(ref, true);
    }

    /** @param includingManagedBy false for objects another installer labels as its own (the control-plane Deployment) */
    public void removeOwnershipMarks(ResourceRef ref, boolean includingManagedBy) {
        Optional<Map<String, Object>> observed = get(ref);
        if (observed.isEmpty()) {
            return;
        }
        List<String> operations = new java.util.ArrayList<>();
        removeIfPresent(observed.get(), "labels", Labels.PROFILE, operations);
        if (includingManagedBy) {
            removeIfPresent(observed.get(), "labels", Labels.MANAGED_BY, operations);
        }
        removeIfPresent(observed.get(), "annotations", Labels.STEP, operations);
        if (!operations.isEmpty()) {
            resource(ref).patch(PatchContext.of(PatchType.JSON), "[" + String.join(",", operations) + "]");
        }
    }

    /** Adds a JSON-patch removal of metadata.{field}.{key} when the object carries it (removing an absent key fails). */
    private static void removeIfPresent(Map<String, Object> observed, String field, String key, List<String> operations) {
        if (observed.get("metadata") instanceof Map<?, ?> meta && meta.get(field) instanceof Map<?, ?> values && values.containsKey(key)) {
            operations.add("{\"op\":\"remove\",\"path\":\"/metadata/" + field + "/" + key.replace("~", "~0").replace("/", "~1") + "\"}");
        }
    }

    private Resource<GenericKubernetesResource> resource(ResourceRef ref) {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> operation =
                ref.namespace() == null ? client.genericKubernetesResources(KubeKinds.context(ref))
                        : client.genericKubernetesResources(KubeKinds.context(ref)).inNamespace(ref.namespace());
        return operation.withName(ref.name());
    }

    private Resource<GenericKubernetesResource> resource(ResourceRef ref, GenericKubernetesResource body) {
        return ref.namespace() == null ? client.genericKubernetesResources(KubeKinds.context(ref)).resource(body)
                : client.genericKubernetesResources(KubeKinds.context(ref)).inNamespace(ref.namespace()).resource(body);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(GenericKubernetesResource resource) {
        return Serialization.jsonMapper().convertValue(resource, Map.class);
    }
}
