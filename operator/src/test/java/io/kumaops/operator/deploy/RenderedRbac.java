package io.kumaops.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' RBAC authorizer, restated over a rendered chart: which of its ClusterRoleBindings and RoleBindings
 * name a ServiceAccount, and whether their rules allow one request (verb, API group, resource, namespace, name).
 * Rules match as in k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac: every rule is an allow, a RoleBinding grants
 * only in its own namespace, and a rule with resourceNames never matches a request without a name (create, list).
 */
final class RenderedRbac {

    /** One request: namespace null for a cluster-scoped object (or all namespaces), name null for create and list. */
    record Request(String verb, String group, String resource, String namespace, String name) {
        static Request of(String verb, String group, String resource, String namespace, String name) {
            return new Request(verb, group, resource, namespace, name);
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource + (name == null ? "" : "/" + name)
                    + (namespace == null ? " (cluster)" : " in " + namespace);
        }
    }

    private record Grant(String namespace, JsonNode rule) {
    }

    private final List<Grant> grants = new ArrayList<>();

    private RenderedRbac(List<JsonNode> documents, String serviceAccount, String serviceAccountNamespace) {
        for (JsonNode binding : documents) {
            String kind = binding.path("kind").asText();
            if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding")) {
                continue;
            }
            if (!names(binding, serviceAccount, serviceAccountNamespace)) {
                continue;
            }
            String scope = kind.equals("RoleBinding") ? binding.path("metadata").path("namespace").asText() : null;
            String roleKind = binding.path("roleRef").path("kind").asText();
            String roleName = binding.path("roleRef").path("name").asText();
            role(documents, roleKind, roleName, roleKind.equals("Role") ? scope : null)
                    .ifPresent(role -> role.path("rules").forEach(rule -> grants.add(new Grant(scope, rule))));
        }
    }

    /** What the chart's bindings grant this ServiceAccount (of the release namespace unless told otherwise). */
    static RenderedRbac forServiceAccount(List<JsonNode> documents, String serviceAccount, String namespace) {
        return new RenderedRbac(documents, serviceAccount, namespace);
    }

    boolean allows(Request request) {
        return grants.stream().anyMatch(grant -> inScope(grant, request) && matches(grant.rule(), request));
    }

    boolean allows(String verb, String group, String resource, String namespace, String name) {
        return allows(Request.of(verb, group, resource, namespace, name));
    }

    private static boolean inScope(Grant grant, Request request) {
        // A RoleBinding's rules hold in its namespace only, never for cluster-scoped objects or all namespaces.
        return grant.namespace() == null || grant.namespace().equals(request.namespace());
    }

    private static boolean matches(JsonNode rule, Request request) {
        if (!contains(rule.path("apiGroups"), request.group()) || !contains(rule.path("resources"), request.resource())
                || !contains(rule.path("verbs"), request.verb())) {
            return false;
        }
        JsonNode resourceNames = rule.path("resourceNames");
        if (resourceNames.isMissingNode() || resourceNames.isEmpty()) {
            return true;
        }
        return request.name() != null && HelmChartTest.texts(resourceNames).contains(request.name());
    }

    private static boolean contains(JsonNode values, String value) {
        List<String> texts = HelmChartTest.texts(values);
        return texts.contains(value) || texts.contains("*");
    }

    private static boolean names(JsonNode binding, String serviceAccount, String namespace) {
        for (JsonNode subject : binding.path("subjects")) {
            if (subject.path("kind").asText().equals("ServiceAccount") && subject.path("name").asText().equals(serviceAccount)
                    && subject.path("namespace").asText().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<JsonNode> role(List<JsonNode> documents, String kind, String name, String namespace) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name))
                .filter(d -> namespace == null || namespace.equals(d.path("metadata").path("namespace").asText()))
                .findFirst();
    }
}
