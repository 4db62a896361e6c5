package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kumaops.operator.it.TestCluster;
import io.kumaops.operator.standin.KumaStandIn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kuma's own v2.14.3 cases (the kinds in {@link KumaConformanceTest#MODELLED}) and the project's own cases, sent
 * through the real API server with the stand-in's webhook registered: each must get the verdict its case states.
 * The API server's CRD schema acts before any webhook, so a refusal is only compared field by field when Kuma's
 * webhook made it; a schema refusal counts as a refusal with no Kuma field. Requests carry the case's user by
 * impersonation, an UPDATE or DELETE first stores the previous object unjudged, and the stand-in judges as the
 * case's target (distribution, minor, role) for the case's duration.
 */
class KumaWebhookConformanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DENIED = "admission webhook \"validator.kuma-admission.kuma.io\" denied the request: ";
    private static final String CASE_ROLE = "kumaops-webhook-conformance";

    // Kinds whose spec violations Kuma's webhook puts under "spec" (not plugin-originated; validation.go
    // convertSpecValidationError), unless the violation is a label or mesh check.
    private static final Set<String> SPEC_PREFIXED = Set.of("Mesh", "Zone");

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static KubernetesClient once;
    private static KumaStandIn standIn;
    private static final Map<String, APIResource> SERVED = new HashMap<>();
    private static final Set<String> BOUND_USERS = new HashSet<>();
    private static final Map<String, Map<String, AtomicInteger>> COUNTS = new TreeMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
        standIn = cluster.standIn();
        // A refusal with code 500 (Kuma's defaulting webhook) would otherwise be retried for about 20 s.
        once = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        for (APIResource resource : client.getApiResources("kuma.io/v1alpha1").getResources()) {
            if (!resource.getName().contains("/")) {
                SERVED.put(resource.getKind(), resource);
            }
        }
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(CASE_ROLE).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("kuma.io").withResources("*").withVerbs("*").build()).build())
                .serverSideApply();
    }

    @AfterAll
    static void report() {
        if (once != null) {
            once.close();
        }
        System.out.println("KumaWebhookConformanceIT: Kuma's v2.14.3 cases run for " + KumaConformanceTest.MODELLED
                + " (KumaConformanceTest.MODELLED); the project's own cases for every kind they name");
        COUNTS.forEach((kind, counts) -> System.out.println("KumaWebhookConformanceIT: " + kind + " " + counts));
    }

    @TestFactory
    Stream<DynamicContainer> kumasCasesGetTheirVerdictThroughTheWebhook() {
        return KumaConformanceTest.MODELLED.stream().map(kind -> DynamicContainer.dynamicContainer(kind,
                KumaCases.kuma(kind).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    AdmissionTarget target = AdmissionTarget.defaults();
                    run(c, AdmissionRequest.create(target, KumaCases.objectOf(c, target.systemNamespace())), "kuma");
                }))));
    }

    @TestFactory
    Stream<DynamicTest> ownCasesGetTheirVerdictThroughTheWebhook() {
        return KumaCases.own().stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> run(c, KumaCases.requestOf(c), "own")));
    }

    private static void run(KumaCases.Case c, AdmissionRequest request, String origin) throws Exception {
        String kind = c.kind();
        if (c.raw().get("facts") != null) {
            count(kind, origin + " skipped: needs cluster facts");
            return;
        }
        APIResource resource = SERVED.get(kind);
        if (resource == null) {
            count(kind, origin + " skipped: CRD not served by 1.20");
            return;
        }
        Map<String, Object> object = copy(request.object());
        Map<String, Object> metadata = map(object.get("metadata"));
        if ("case".equals(metadata.get("name"))) {
            // Kuma's spec-only cases all say "case"; the name never decides their verdict.
            metadata.put("name", "case-" + NAMES.incrementAndGet());
        }
        String name = String.valueOf(metadata.get("name"));
        String namespace = Boolean.TRUE.equals(resource.getNamespaced()) ? namespaceOf(metadata, request.target()) : null;
        if (namespace == null) {
            metadata.remove("namespace");
        } else {
            metadata.put("namespace", namespace);
            ensureNamespace(namespace, request.target());
        }
        String collection = "apis/kuma.io/v1alpha1/" + (namespace == null ? "" : "namespaces/" + namespace + "/") + resource.getName();
        AdmissionRequest.UserInfo user = request.userInfo();
        if (user != null) {
            bind(user.username());
        }
        try (KumaStandIn.Scope judged = standIn.judgeAs(request.target())) {
            delete(collection, name, null);
            Answer answer;
            switch (request.operation()) {
                case CREATE -> answer = send("POST", collection, object, user);
                case UPDATE -> {
                    Map<String, Object> stored = copy(object);
                    stored.put("spec", request.previousSpec());
                    Answer seeded = seed(collection, stored);
                    assertThat(seeded.code).as("the previous object is stored: %s", seeded.body).isEqualTo(201);
                    map(object.get("metadata")).put("resourceVersion", seeded.resourceVersion());
                    answer = send("PUT", collection + "/" + name, object, user);
                }
                default -> {
                    Map<String, Object> stored = copy(object);
                    if (request.previous() != null) {
                        stored.put("spec", request.previousSpec());
                    }
                    Answer seeded = seed(collection, stored);
                    assertThat(seeded.code).as("the object to delete is stored: %s", seeded.body).isEqualTo(201);
                    // The case's delete is judged (the clean-up delete below is not).
                    answer = send("DELETE", collection + "/" + name, null, user);
                }
            }
            judge(c, answer, origin);
        } finally {
            delete(collection, name, null);
        }
    }

    private static void judge(KumaCases.Case c, Answer answer, String origin) {
        boolean admitted = answer.code / 100 == 2;
        String message = String.valueOf(answer.status().get("message"));
        boolean byWebhook = !admitted && message.startsWith(DENIED);
        if (!admitted && !byWebhook && c.valid() && answer.code == 422) {
            // Kuma's unit tests decode YAML straight into Go types; a few of their inputs are not valid objects for the
            // CRD schema (an enum's case, a string field given a number), which refuses them before any webhook runs,
            // as it would in front of real Kuma. Tier (a) judges them; here they never reach Kuma's webhook.
            count(c.kind(), origin + " refused by the CRD schema before Kuma's webhook");
            System.out.println("KumaWebhookConformanceIT: " + c + " does not reach the webhook: " + message);
            return;
        }
        count(c.kind(), origin + (admitted ? " admitted" : byWebhook ? " refused by Kuma's webhook" : " refused by the API server"));
        assertThat(admitted).as("verdict of %s through the API server (%s: %s)", c, answer.code, message).isEqualTo(c.valid());
        if (!byWebhook) {
            return;
        }
        List<Map<String, Object>> causes = list(map(answer.status().get("details")).get("causes"));
        if (answer.code == 422 && !causes.isEmpty()) {
            // An empty field is left out of the Status (metav1.StatusCause's field is omitempty).
            List<String> got = causes.stream().map(cause -> (cause.get("field") == null ? "" : cause.get("field")) + ": "
                            + String.valueOf(cause.get("message")).strip())
                    .sorted().toList();
            List<String> expected = c.violations().stream().map(v -> answeredField(c.kind(), v.field()) + ": " + v.message().strip())
                    .sorted().toList();
            assertThat(got).as("fields and messages of %s as Kuma's webhook answers them", c).isEqualTo(expected);
        } else {
            List<String> parts = c.violations().stream()
                    .map(v -> v.field().isEmpty() ? v.message().strip() : v.field() + ": " + v.message().strip()).toList();
            assertThat(message.substring(DENIED.length())).as("Kuma's message for %s", c).isEqualTo(String.join("; ", parts));
        }
    }

    /** How Kuma's webhook names a field the validator reports: under {@code spec} for Mesh and Zone spec rules. */
    private static String answeredField(String kind, String field) {
        if (!SPEC_PREFIXED.contains(kind) || field.equals("mesh") || field.startsWith("labels[")) {
            return field;
        }
        return field.isEmpty() ? "spec" : field.startsWith("[") ? "spec" + field : "spec." + field;
    }

    private static String namespaceOf(Map<String, Object> metadata, AdmissionTarget target) {
        Object namespace = metadata.get("namespace");
        return namespace == null || String.valueOf(namespace).isEmpty() ? target.systemNamespace() : String.valueOf(namespace);
    }

    /** Kuma's webhooks see a namespace from 2.11 only when it is labelled for injection; the system namespace already is. */
    private static void ensureNamespace(String namespace, AdmissionTarget target) {
        if (namespace.equals(target.systemNamespace())) {
            return;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("kuma.io/sidecar-injection", "enabled").endMetadata().build()).serverSideApply();
    }

    private static void bind(String username) {
        if (!BOUND_USERS.add(username)) {
            return;
        }
        String binding = CASE_ROLE + "-" + Integer.toHexString(username.hashCode());
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(binding).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(CASE_ROLE).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(username).endSubject().build())
                .serverSideApply();
    }

    private static Answer seed(String collection, Map<String, Object> object) throws Exception {
        try (KumaStandIn.Scope unjudged = standIn.admitUnjudged()) {
            return send("POST", collection, object, null);
        }
    }

    private static Answer delete(String collection, String name, AdmissionRequest.UserInfo user) throws Exception {
        if (user == null) {
            try (KumaStandIn.Scope unjudged = standIn.admitUnjudged()) {
                return send("DELETE", collection + "/" + name, null, null);
            }
        }
        return send("DELETE", collection + "/" + name, null, user);
    }

    private static Answer send(String method, String path, Map<String, Object> body, AdmissionRequest.UserInfo user) throws Exception {
        HttpClient http = once.getHttpClient();
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(once.getMasterUrl() + path);
        byte[] json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        switch (method) {
            case "POST" -> builder.post("application/json", json);
            case "PUT" -> builder.put("application/json", new String(json, StandardCharsets.UTF_8));
            default -> builder.delete("application/json", "");
        }
        if (user != null) {
            builder.header("Impersonate-User", user.username());
            for (String group : user.groups()) {
                builder.header("Impersonate-Group", group);
            }
        }
        HttpResponse<byte[]> response = http.sendAsync(builder.build(), byte[].class).get();
        return new Answer(response.code(), new String(response.body() == null ? new byte[0] : response.body(), StandardCharsets.UTF_8));
    }

    private record Answer(int code, String body) {

        @SuppressWarnings("unchecked")
        Map<String, Object> status() {
            try {
                return body.isBlank() ? Map.of() : JSON.readValue(body, Map.class);
            } catch (java.io.IOException e) {
                return Map.of("message", body);
            }
        }

        String resourceVersion() {
            return String.valueOf(map(status().get("metadata")).get("resourceVersion"));
        }
    }

    private static void count(String kind, String outcome) {
        COUNTS.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> object) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(object), LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : new ArrayList<>();
    }
}
