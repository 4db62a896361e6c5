package io.kumaops.operator.admission;

import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/**
 * The {@code matches} of inbound {@code rules} (Kuma {@code api/common/v1alpha1/match.go}): a SPIFFE ID match from
 * 2.12, an SNI match from 2.14.
 */
final class PolicyMatches {

    private PolicyMatches() {
    }

    static SpecShape shape(KumaVersion version) {
        SpecShape typeAndValue = SpecShape.object().values("type", "value").build();
        return SpecShape.object()
                .fieldIf(version.atLeast(2, 12), "spiffeID", typeAndValue)
                .fieldIf(version.atLeast(2, 14), "sni", typeAndValue)
                .build();
    }

    /**
     * The checks MeshTimeout and MeshRateLimit make of a rule's matches (Kuma meshtimeout and meshratelimit
     * {@code validator.go}, 2.14): each a valid match with a SPIFFE ID or an SNI, a SPIFFE ID match of type Exact or
     * Prefix.
     *
     * @return whether a match conditions the rule on the client's SPIFFE ID
     */
    static boolean validate(FieldPath matchesPath, List<Object> matches, KumaVersion version, ValidationErrors err) {
        boolean hasSpiffeId = false;
        for (int i = 0; i < matches.size(); i++) {
            FieldPath path = matchesPath.index(i);
            Map<String, Object> match = Tree.map(matches.get(i));
            err.addAll(path, TargetRefRules.match(match, version));
            if (!match.containsKey("spiffeID") && !match.containsKey("sni")) {
                err.addViolation(path, "must specify at least one of 'spiffeID' or 'sni'");
                continue;
            }
            if (match.containsKey("spiffeID")) {
                hasSpiffeId = true;
                String type = TargetRefRules.text(Tree.map(match.get("spiffeID")), "type");
                FieldPath typePath = path.field("spiffeID").field("type");
                if (type.isEmpty()) {
                    err.addViolation(typePath, "must be set");
                } else if (!type.equals("Exact") && !type.equals("Prefix")) {
                    err.addViolation(typePath, "unrecognized type " + GoQuote.quote(type) + ", supported values are: Exact, Prefix");
                }
            }
        }
        return hasSpiffeId;
    }
}
