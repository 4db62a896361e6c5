package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

/**
 * Kuma's own v2.14.3 cases (the kinds in {@link KumaConformanceTest#MODELLED}) and the project's own cases, sent to a
 * real API server with a Kuma admission webhook registered, and judged: each must get the verdict its case states.
 * One run, one way of sending and one way of judging for every webhook behind the API server: the stand-in's on the
 * local API server ({@code KumaWebhookConformanceIT}) and Kuma's own, installed from its chart, on k3s
 * ({@code K3sEndToEndIT}). What differs between them is the {@link Kuma} side: which cases it can take, how the
 * previous object of an UPDATE or DELETE gets stored, and which webhooks are Kuma's.
 *
 * <p>The API server's CRD schema acts before any validating webhook, so a refusal is only compared field by field when
 * Kuma's webhook made it; a schema refusal counts as a refusal with no Kuma field. Requests carry the case's user by
 * impersonation.
 */
public final class WebhookCaseRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DENIED = Pattern.compile("\\Aadmission webhook \"([^\"]+)\" denied the request: ");
    private static final String CASE_ROLE = "kumaops-webhook-conformance";
    /** Kuma's validating webhook (Kuma's chart, templates/cp-webhooks-and-secrets.yaml); the stand-in serves it too. */
    public static final String VALIDATOR = "validator.kuma-admission.kuma.io";

    // Kinds whose spec violations Kuma's webhook puts under "spec" (not plugin-originated; validation.go
    // convertSpecValidationError), unless the violation is a label or mesh check.
    private static final Set<String> SPEC_PREFIXED = Set.of("Mesh", "Zone");

    /** The Kuma that judges behind the API server, as far as the run needs to know it. */
    public interface Kuma {

        /** Why this Kuma cannot judge the case as the case means it, or null when it can. */
        String skipReason(KumaCases.Case c, AdmissionRequest request);

        /** Sets the cluster up for one case (the judging target, the Mesh it names); closed once it is judged. */
        AutoCloseable prepare(AdmissionRequest request, Map<String, Object> object) throws Exception;

        /**
         * Stores the previous object of an UPDATE or DELETE as the cluster's admin; by default through Kuma's webhooks,
         * as any write. An answer other than 201 means it cannot be stored: a failure when {@link #storesAnything()},
         * otherwise the case is skipped and counted.
         */
        default Answer store(WebhookCaseRun run, String collection, Map<String, Object> object) throws Exception {
            return run.send("POST", collection, object, null);
        }

        /** Whether {@link #store} stores any object, whatever Kuma would say of it; by default it does not. */
        default boolean storesAnything() {
            return false;
        }

        /** Deletes what a case left, as the cluster's admin. */
        void remove(WebhookCaseRun run, String collection, String name) throws Exception;

        /** Whether a refusal by the admission webhook of this name is Kuma's. */
        boolean isKumasWebhook(String webhookName);
    }

    private final String label;
    private final String servedBy;
    private final KubernetesClient client;
    private final KubernetesClient once;
    private final Kuma kuma;
    private final Map<String, APIResource> served = new HashMap<>();
    private final Set<String> boundUsers = new HashSet<>();
    private final Map<String, Map<String, AtomicInteger>> counts = new TreeMap<>();
    private final AtomicInteger names = new AtomicInteger();

    /**
     * @param label    the prefix of every line the run prints (the test class)
     * @param servedBy what serves the CRDs, for the skip reason of a kind it does not serve
     * @param client   a client with the rights of the cluster's admin
     */
    public WebhookCaseRun(String label, String servedBy, KubernetesClient client, Kuma kuma) {
        this.label = label;
        this.servedBy = servedBy;
        this.client = client;
        this.kuma = kuma;
        // A refusal with code 500 (Kuma's defaulting webhook) would otherwise be retried for about 20 s.
        this.once = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        for (APIResource resource : client.getApiResources("kuma.io/v1alpha1").getResources()) {
            if (!resource.getName().contains("/")) {
                served.put(resource.getKind(), resource);
            }
        }
        client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata().withName(CASE_ROLE).endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("kuma.io").withResources("*").withVerbs("*").build()).build())
                .serverSideApply();
    }

    // Kuma's validator tests judge a spec as written; through the API server Kuma's defaulting webhook changes a Mesh
    // first (pkg/core/resources/apis/mesh/mesh_defaulter.go: a Prometheus backend with skipMTLS and tls.mode
    // providedTLS loses skipMTLS), so these inputs, refused by the validator alone, are admitted.
    private static final Set<String> ADMITTED_AFTER_KUMAS_DEFAULTS = Set.of(
            "Mesh: metrics contains skipMTLS and tls configuration",
            "Mesh: metrics contains skipMTLS with different value and tls configuration");

    /** Kuma's vendored cases, one container per kind, each judged for Kuma's default target (its tests judge no other). */
    public Stream<DynamicContainer> kumasCases() {
        return KumaConformanceTest.MODELLED.stream().map(kind -> DynamicContainer.dynamicContainer(kind,
                KumaCases.kuma(kind).stream().map(WebhookCaseRun::throughKumasWebhooks).map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    AdmissionTarget target = AdmissionTarget.defaults();
                    run(c, AdmissionRequest.create(target, KumaCases.objectOf(c, target.systemNamespace())), "kuma");
                }))));
    }

    /** The case with the verdict Kuma's webhooks give it, which for a few Meshes is not its validator's. */
    private static KumaCases.Case throughKumasWebhooks(KumaCases.Case c) {
        if (!ADMITTED_AFTER_KUMAS_DEFAULTS.contains(c.toString())) {
            return c;
        }
        return new KumaCases.Case(c.source(), c.name(), c.kind(), c.spec(), true, List.of(), c.raw());
    }

    /** The project's own cases, each for the target, operation and user it names. */
    public Stream<DynamicTest> ownCases() {
        return KumaCases.own().stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> run(c, KumaCases.requestOf(c), "own")));
    }

    /** Prints what ran, per kind and outcome, and closes the run's client. */
    public void report() {
        once.close();
        System.out.println(label + ": Kuma's v2.14.3 cases run for " + KumaConformanceTest.MODELLED
                + " (KumaConformanceTest.MODELLED); the project's own cases for every kind they name");
        counts.forEach((kind, perOutcome) -> System.out.println(label + ": " + kind + " " + perOutcome));
    }

    private void run(KumaCases.Case c, AdmissionRequest request, String origin) throws Exception {
        String kind = c.kind();
        if (c.raw().get("facts") != null) {
            count(kind, origin + " skipped: needs cluster facts");
            return;
        }
        APIResource resource = served.get(kind);
        if (resource == null) {
            count(kind, origin + " skipped: CRD not served by " + servedBy);
            return;
        }
        String skipped = kuma.skipReason(c, request);
        if (skipped != null) {
            count(kind, origin + " skipped: " + skipped);
            return;
        }
        Map<String, Object> object = copy(request.object());
        Map<String, Object> metadata = map(object.get("metadata"));
        if ("case".equals(metadata.get("name"))) {
            // Kuma's spec-only cases all say "case"; the name never decides their verdict.
            metadata.put("name", "case-" + names.incrementAndGet());
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
        try (AutoCloseable prepared = kuma.prepare(request, object)) {
            kuma.remove(this, collection, name);
            Answer answer;
            switch (request.operation()) {
                case CREATE -> answer = send("POST", collection, object, user);
                case UPDATE -> {
                    Map<String, Object> stored = copy(object);
                    stored.put("spec", request.previousSpec());
                    Answer seeded = kuma.store(this, collection, stored);
                    if (!stored(seeded, kind, origin, "the previous object")) {
                        return;
                    }
                    answer = update(collection + "/" + name, object, seeded.resourceVersion(), user);
                }
                default -> {
                    Map<String, Object> stored = copy(object);
                    if (request.previous() != null) {
                        stored.put("spec", request.previousSpec());
                    }
                    Answer seeded = kuma.store(this, collection, stored);
                    if (!stored(seeded, kind, origin, "the object to delete")) {
                        return;
                    }
                    // The case's delete is judged (the clean-up delete below is not the case's).
                    answer = send("DELETE", collection + "/" + name, null, user);
                }
            }
            judge(c, answer, origin);
        } finally {
            kuma.remove(this, collection, name);
        }
    }

    private boolean stored(Answer seeded, String kind, String origin, String what) {
        if (kuma.storesAnything()) {
            assertThat(seeded.code).as("%s is stored: %s", what, seeded.body).isEqualTo(201);
            return true;
        }
        if (seeded.code == 201) {
            return true;
        }
        count(kind, origin + " skipped: " + what + " is refused (" + seeded.code + ")");
        System.out.println(label + ": " + what + " is not stored, the case is skipped: " + seeded.status().get("message"));
        return false;
    }

    /**
     * An UPDATE as the case's user. A controller may write the stored object meanwhile (Kuma's Mesh controller
     * annotates a new Mesh), so on a conflict the newest resourceVersion is read and the update sent again.
     */
    private Answer update(String path, Map<String, Object> object, String resourceVersion, AdmissionRequest.UserInfo user) throws Exception {
        String version = resourceVersion;
        for (int attempt = 0; ; attempt++) {
            map(object.get("metadata")).put("resourceVersion", version);
            Answer answer = send("PUT", path, object, user);
            if (answer.code != 409 || attempt == 4) {
                return answer;
            }
            version = send("GET", path, null, null).resourceVersion();
        }
    }

    private void judge(KumaCases.Case c, Answer answer, String origin) {
        boolean admitted = answer.code / 100 == 2;
        String message = String.valueOf(answer.status().get("message"));
        Matcher denied = DENIED.matcher(message);
        boolean byWebhook = !admitted && denied.lookingAt() && kuma.isKumasWebhook(denied.group(1));
        if (!admitted && !byWebhook && c.valid() && answer.code == 422) {
            // Kuma's unit tests decode YAML straight into Go types; a few of their inputs are not valid objects for the
            // CRD schema (an enum's case, a string field given a number), which refuses them before any webhook runs,
            // as it would in front of real Kuma. Tier (a) judges them; here they never reach Kuma's webhook.
            count(c.kind(), origin + " refused by the CRD schema before Kuma's webhook");
            System.out.println(label + ": " + c + " does not reach the webhook: " + message);
            return;
        }
        if (byWebhook && !VALIDATOR.equals(denied.group(1)) && answer.code == 400 && message.contains("cannot unmarshal")) {
            // Kuma's mutating webhooks run before the CRD schema and decode the object into Kuma's Go type first
            // (webhooks/defaulter.go, owner_reference_mutator.go: admission.Errored(400)): an object of the wrong JSON
            // types stops there instead of at the schema, and is no more an object the API server takes than a schema
            // refusal is. Kuma's validator never sees it: counted like the schema's refusals, whatever the case expects.
            count(c.kind(), origin + " refused by Kuma's decoder before the CRD schema");
            System.out.println(label + ": " + c + " does not reach Kuma's validator: " + message);
            return;
        }
        count(c.kind(), origin + (admitted ? " admitted" : byWebhook ? " refused by Kuma's webhook" : " refused by the API server"));
        assertThat(admitted).as("verdict of %s through the API server (%s: %s)", c, answer.code, message).isEqualTo(c.valid());
        if (!byWebhook) {
            return;
        }
        String kumasMessage = message.substring(denied.end());
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
            assertThat(kumasMessage).as("Kuma's message for %s", c).isEqualTo(String.join("; ", parts));
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
    private void ensureNamespace(String namespace, AdmissionTarget target) {
        if (namespace.equals(target.systemNamespace())) {
            return;
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .addToLabels("kuma.io/sidecar-injection", "enabled").endMetadata().build()).serverSideApply();
    }

    private void bind(String username) {
        if (!boundUsers.add(username)) {
            return;
        }
        String binding = CASE_ROLE + "-" + Integer.toHexString(username.hashCode());
        client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(binding).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(CASE_ROLE).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(username).endSubject().build())
                .serverSideApply();
    }

    /** One request to the API server as the admin, or as {@code user} by impersonation; never retried. */
    public Answer send(String method, String path, Map<String, Object> body, AdmissionRequest.UserInfo user) throws Exception {
        HttpClient http = once.getHttpClient();
        HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(once.getMasterUrl() + path);
        byte[] json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        switch (method) {
            case "POST" -> builder.post("application/json", json);
            case "PUT" -> builder.put("application/json", new String(json, StandardCharsets.UTF_8));
            case "GET" -> { }
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

    /** The API server's answer: its code and body (the object, or a {@code metav1.Status}). */
    public record Answer(int code, String body) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> status() {
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

    private void count(String kind, String outcome) {
        counts.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, Object> object) {
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
