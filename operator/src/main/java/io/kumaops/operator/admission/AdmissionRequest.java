package io.kumaops.operator.admission;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One object put to Kuma's admission: the whole object (apiVersion, kind, metadata, spec) and, for an update or a
 * delete, the object as stored before. For a delete, pass the object being deleted as {@code object} (the API server
 * sends only the stored one; {@code previous}, when given, is what Kuma's webhook reads).
 *
 * @param userInfo who sends the request, or null for an ordinary user: Kuma exempts a few usernames from its namespace
 *                 and label rules ({@link ResourceAdmissionRules#exemptUsernames})
 * @param facts    what the caller knows of the cluster for the rules that read it (unknown unless given)
 */
public record AdmissionRequest(AdmissionTarget target, Operation operation, Map<String, Object> object, Map<String, Object> previous,
                               UserInfo userInfo, AdmissionFacts facts) {

    public enum Operation { CREATE, UPDATE, DELETE }

    /** The requesting user as the API server names it to admission webhooks. */
    public record UserInfo(String username, List<String> groups) {

        public UserInfo {
            Objects.requireNonNull(username, "username");
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        public static UserInfo of(String username) {
            return new UserInfo(username, List.of());
        }
    }

    public AdmissionRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(object, "object");
        facts = facts == null ? AdmissionFacts.unknown() : facts;
    }

    /** A request from an ordinary user, knowing nothing of the cluster. */
    public AdmissionRequest(AdmissionTarget target, Operation operation, Map<String, Object> object, Map<String, Object> previous) {
        this(target, operation, object, previous, null, AdmissionFacts.unknown());
    }

    public AdmissionRequest withFacts(AdmissionFacts newFacts) {
        return new AdmissionRequest(target, operation, object, previous, userInfo, newFacts);
    }

    public AdmissionRequest withUserInfo(UserInfo user) {
        return new AdmissionRequest(target, operation, object, previous, user, facts);
    }

    public boolean isDelete() {
        return operation == Operation.DELETE;
    }

    public static AdmissionRequest create(AdmissionTarget target, Map<String, Object> object) {
        return new AdmissionRequest(target, Operation.CREATE, object, null);
    }

    /** A create when there is no previous object, an update otherwise. */
    public static AdmissionRequest apply(AdmissionTarget target, Map<String, Object> object, Map<String, Object> previous) {
        return new AdmissionRequest(target, previous == null ? Operation.CREATE : Operation.UPDATE, object, previous);
    }

    public String kind() {
        return Tree.string(object.get("kind"));
    }

    public Map<String, Object> spec() {
        return Tree.map(object.get("spec"));
    }

    public Map<String, Object> previousSpec() {
        return previous == null ? null : Tree.map(previous.get("spec"));
    }

    public Map<String, Object> metadata() {
        return Tree.map(object.get("metadata"));
    }

    public String name() {
        return Tree.string(metadata().get("name"));
    }

    /** Empty for cluster-scoped objects. */
    public String namespace() {
        String namespace = Tree.string(metadata().get("namespace"));
        return namespace == null ? "" : namespace;
    }

    public Map<String, String> labels() {
        return Tree.stringMap(metadata().get("labels"));
    }

    public Map<String, String> annotations() {
        return Tree.stringMap(metadata().get("annotations"));
    }

    public boolean inSystemNamespace() {
        return target.systemNamespace().equals(namespace());
    }
}
