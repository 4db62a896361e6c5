package io.kumaops.operator.admission;

import static io.kumaops.operator.admission.TargetRefRules.DATAPLANE;
import static io.kumaops.operator.admission.TargetRefRules.MESH;
import static io.kumaops.operator.admission.TargetRefRules.MESH_EXTERNAL_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_GATEWAY;
import static io.kumaops.operator.admission.TargetRefRules.MESH_HTTP_ROUTE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_MULTI_ZONE_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SERVICE_SUBSET;
import static io.kumaops.operator.admission.TargetRefRules.MESH_SUBSET;

import io.kumaops.operator.model.KumaVersion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kuma's admission of MeshRetry (Kuma {@code pkg/plugins/policies/meshretry/api/v1alpha1/validator.go}). */
final class MeshRetryValidator extends PolicyAdmission {

    static final String SOURCE = "pkg/plugins/policies/meshretry/api/v1alpha1/validator.go";

    // Kuma meshretry.go: the HTTPRetryOn and GRPCRetryOn values
    private static final Set<String> HTTP_RETRY_ON = Set.of("5xx", "GatewayError", "Reset", "Retriable4xx", "ConnectFailure",
            "EnvoyRatelimited", "RefusedStream", "Http3PostConnectFailure", "HttpMethodConnect", "HttpMethodDelete",
            "HttpMethodGet", "HttpMethodHead", "HttpMethodOptions", "HttpMethodPatch", "HttpMethodPost", "HttpMethodPut",
            "HttpMethodTrace");
    private static final Set<String> GRPC_RETRY_ON = Set.of("Canceled", "DeadlineExceeded", "Internal", "ResourceExhausted", "Unavailable");

    /** The status codes Go's {@code net/http.StatusText} has a text for: the codes an HTTP retryOn item may name. */
    private static final Set<Integer> HTTP_STATUS_CODES = Set.of(
            100, 101, 102, 103,
            200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
            300, 301, 302, 303, 304, 305, 307, 308,
            400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
            421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
            500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511);

    @Override
    public String kind() {
        return "MeshRetry";
    }

    @Override
    String kumaSource() {
        return SOURCE;
    }

    @Override
    SpecShape shape(KumaVersion version) {
        SpecShape backOff = SpecShape.object().durations("baseInterval", "maxInterval").build();
        SpecShape rateLimitedBackOff = SpecShape.object()
                .field("resetHeaders", SpecShape.list(SpecShape.object().values("name", "format").build()))
                .durations("maxInterval")
                .build();
        SpecShape http = SpecShape.object()
                .values("numRetries", "retryOn", "retriableResponseHeaders", "retriableRequestHeaders", "hostSelectionMaxAttempts")
                .durations("perTryTimeout")
                .field("backOff", backOff)
                .field("rateLimitedBackOff", rateLimitedBackOff)
                .field("hostSelection", SpecShape.list(SpecShape.object().values("predicate", "tags", "updateFrequency").build()))
                .build();
        SpecShape grpc = SpecShape.object()
                .values("numRetries", "retryOn")
                .durations("perTryTimeout")
                .field("backOff", backOff)
                .field("rateLimitedBackOff", rateLimitedBackOff)
                .build();
        SpecShape conf = SpecShape.object()
                .field("tcp", SpecShape.object().values("maxConnectAttempt").build())
                .field("http", http)
                .field("grpc", grpc)
                .build();
        return SpecShape.object()
                .field("targetRef", TARGET_REF)
                .field("to", SpecShape.list(SpecShape.object().field("targetRef", TARGET_REF).field("default", conf).build()))
                .build();
    }

    @Override
    void validateSpec(Policy policy, ValidationErrors err) {
        FieldPath spec = spec();
        Map<String, Object> targetRef = policy.targetRef();
        if (targetRef != null) {
            err.addAll(spec.field("targetRef"), TargetRefRules.validate(targetRef, topOptions(policy), policy.version()));
        }
        List<Object> to = policy.list("to");
        // 2.14 lets an empty 'to' override inherited retries
        if (!policy.atLeast(2, 14) && to.isEmpty()) {
            err.addViolation(spec.field("to"), "needs at least one item");
        }
        String topLevelKind = policy.topLevelKind();
        TargetRefRules.Options toKinds;
        if (topLevelKind.equals(MESH_GATEWAY) || topLevelKind.equals(MESH_HTTP_ROUTE)) {
            toKinds = TargetRefRules.Options.of(MESH, MESH_EXTERNAL_SERVICE);
        } else if (policy.atLeast(2, 11)) {
            toKinds = TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE, MESH_HTTP_ROUTE);
        } else {
            toKinds = TargetRefRules.Options.of(MESH, MESH_SERVICE, MESH_EXTERNAL_SERVICE, MESH_MULTI_ZONE_SERVICE);
        }
        for (int i = 0; i < to.size(); i++) {
            FieldPath path = spec.field("to").index(i);
            err.addAll(path.field("targetRef"), TargetRefRules.validate(itemTargetRef(to.get(i)), toKinds, policy.version()));
            // Kuma roots the default's violations at a "conf" element of its own
            validateConf(path.field("default").field("conf"), itemDefault(to.get(i)), err);
        }
    }

    private static TargetRefRules.Options topOptions(Policy policy) {
        List<String> kinds = new ArrayList<>(List.of(MESH, MESH_SUBSET));
        if (policy.role().system()) {
            kinds.addAll(List.of(MESH_GATEWAY, MESH_SERVICE, MESH_SERVICE_SUBSET, MESH_HTTP_ROUTE));
        } else {
            kinds.addAll(List.of(MESH_SERVICE, MESH_SERVICE_SUBSET));
        }
        if (policy.atLeast(2, 10)) {
            kinds.add(DATAPLANE);
        }
        // MeshRetry never tells ValidateTargetRef it is an inbound policy
        return new TargetRefRules.Options(kinds, policy.role().system(), false);
    }

    private static void validateConf(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        boolean tcp = PolicyValidators.present(conf, "tcp");
        boolean http = PolicyValidators.present(conf, "http");
        boolean grpc = PolicyValidators.present(conf, "grpc");
        if (!tcp && !http && !grpc) {
            err.addViolation(path, "at least one of the 'tcp', 'http', 'grpc' must be specified");
        }
        if (tcp) {
            BigInteger attempts = PolicyValidators.integer(Tree.map(conf.get("tcp")), "maxConnectAttempt");
            if (!PolicyValidators.present(Tree.map(conf.get("tcp")), "maxConnectAttempt")) {
                err.addViolation(path.field("tcp"), PolicyValidators.MUST_NOT_BE_EMPTY);
            } else if (attempts != null && attempts.signum() == 0) {
                err.addViolation(path.field("tcp").field("maxConnectAttempt"), PolicyValidators.GREATER_THAN_ZERO);
            }
        }
        if (http) {
            validateHttp(path.field("http"), Tree.map(conf.get("http")), err);
        }
        if (grpc) {
            validateGrpc(path.field("grpc"), Tree.map(conf.get("grpc")), err);
        }
    }

    private static void validateHttp(FieldPath path, Map<String, Object> http, ValidationErrors err) {
        if (List.of("numRetries", "perTryTimeout", "backOff", "retryOn", "retriableRequestHeaders", "retriableResponseHeaders",
                "rateLimitedBackOff", "hostSelection").stream().noneMatch(field -> PolicyValidators.present(http, field))) {
            err.addViolation(path, PolicyValidators.MUST_NOT_BE_EMPTY);
        }
        backOff(path, http, err);
        rateLimitedBackOff(path, http, err);
        if (PolicyValidators.present(http, "retryOn")) {
            List<Object> retryOn = PolicyValidators.list(http, "retryOn");
            for (int i = 0; i < retryOn.size(); i++) {
                String item = String.valueOf(retryOn.get(i));
                if (!HTTP_RETRY_ON.contains(item) && !knownStatusCode(item)) {
                    err.addViolation(path.field("retryOn").index(i), "unknown item '" + item + "'");
                }
            }
        }
        if (PolicyValidators.present(http, "hostSelection")) {
            hostSelection(path.field("hostSelection"), PolicyValidators.list(http, "hostSelection"), err);
        }
    }

    private static void validateGrpc(FieldPath path, Map<String, Object> grpc, ValidationErrors err) {
        if (List.of("numRetries", "perTryTimeout", "backOff", "retryOn", "rateLimitedBackOff").stream()
                .noneMatch(field -> PolicyValidators.present(grpc, field))) {
            err.addViolation(path, PolicyValidators.MUST_NOT_BE_EMPTY);
        }
        backOff(path, grpc, err);
        rateLimitedBackOff(path, grpc, err);
        List<Object> retryOn = PolicyValidators.list(grpc, "retryOn");
        for (int i = 0; i < retryOn.size(); i++) {
            String item = String.valueOf(retryOn.get(i));
            if (!GRPC_RETRY_ON.contains(item)) {
                err.addViolation(path.field("retryOn").index(i), "unknown item '" + item + "'");
            }
        }
    }

    private static void backOff(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        if (PolicyValidators.present(conf, "backOff")) {
            Map<String, Object> backOff = Tree.map(conf.get("backOff"));
            if (!PolicyValidators.present(backOff, "baseInterval") && !PolicyValidators.present(backOff, "maxInterval")) {
                err.addViolation(path.field("backOff"), PolicyValidators.MUST_NOT_BE_EMPTY);
            }
        }
    }

    private static void rateLimitedBackOff(FieldPath path, Map<String, Object> conf, ValidationErrors err) {
        if (!PolicyValidators.present(conf, "rateLimitedBackOff")) {
            return;
        }
        Map<String, Object> backOff = Tree.map(conf.get("rateLimitedBackOff"));
        FieldPath backOffPath = path.field("rateLimitedBackOff");
        if (PolicyValidators.present(backOff, "maxInterval")) {
            PolicyValidators.durationGreaterThanZero(err, backOffPath.field("maxInterval"), PolicyValidators.duration(backOff, "maxInterval"));
        }
        if (!PolicyValidators.present(backOff, "resetHeaders")) {
            err.addViolation(backOffPath.field("resetHeaders"), PolicyValidators.MUST_BE_DEFINED);
            return;
        }
        List<Object> headers = PolicyValidators.list(backOff, "resetHeaders");
        for (int i = 0; i < headers.size(); i++) {
            PolicyValidators.stringDefined(err, backOffPath.field("resetHeaders").index(i).field("name"),
                    Tree.string(Tree.map(headers.get(i)).get("name")));
        }
    }

    private static void hostSelection(FieldPath path, List<Object> predicates, ValidationErrors err) {
        boolean prioritySet = false;
        for (int i = 0; i < predicates.size(); i++) {
            Map<String, Object> predicate = Tree.map(predicates.get(i));
            String type = TargetRefRules.text(predicate, "predicate");
            switch (type) {
                case "OmitHostsWithTags" -> {
                    if (!PolicyValidators.present(predicate, "tags")) {
                        err.addViolation(path.index(i).field("tags"), PolicyValidators.MUST_BE_DEFINED);
                    }
                }
                case "OmitPreviousPriorities" -> {
                    if (prioritySet) {
                        err.addViolation(path.index(i).field("predicate"), type + " must only be specified once");
                    }
                    BigInteger frequency = PolicyValidators.integer(predicate, "updateFrequency");
                    if (frequency == null || frequency.signum() <= 0) {
                        err.addViolation(path.index(i).field("updateFrequency"), "must be defined and greater than zero");
                    }
                    prioritySet = true;
                }
                case "OmitPreviousHosts" -> {
                    // nothing to check
                }
                default -> err.addViolation(path.index(i).field("predicate"), "unknown predicate type '" + type + "'");
            }
        }
    }

    /** Go's {@code strconv.Atoi} and then {@code http.StatusText}: a known status code, written as Go reads an int. */
    private static boolean knownStatusCode(String item) {
        if (!item.matches("[+-]?[0-9]+")) {
            return false;
        }
        try {
            return HTTP_STATUS_CODES.contains(Integer.parseInt(item));
        } catch (NumberFormatException tooLarge) {
            return false;
        }
    }

    @Override
    void deprecations(Policy policy, List<AdmissionWarning> warnings) {
        // Kuma meshretry/api/v1alpha1/deprecated.go: only the top-level kinds
        PolicyDeprecations.topLevelTargetRef(policy.targetRef(), policy.version(), warnings);
    }
}
