package io.kumaops.operator.rules;

import io.kumaops.operator.model.ClusterObservation.ObservedNamespace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The namespaces the observation found for the mesh, as the namespace rules read them. */
final class MeshNamespaces {

    /** Namespaces named in one finding before the rest are only counted: a finding stays readable on a large cluster. */
    static final int NAMED = 10;

    private MeshNamespaces() {
    }

    /** The system namespace and the namespaces holding the mesh's Dataplanes; empty offline and when not observed. */
    static Optional<Map<String, ObservedNamespace>> observed(RuleContext context) {
        return EffectiveFacts.observation(context).map(o -> o.namespaces());
    }

    /** "a, b and c", or "a, b, … and 5 more" past {@link #NAMED}. */
    static String listed(List<String> names) {
        List<String> shown = names.size() > NAMED ? names.subList(0, NAMED) : names;
        int more = names.size() - shown.size();
        if (more > 0) {
            return String.join(", ", shown) + " and " + more + " more";
        }
        if (shown.size() == 1) {
            return shown.get(0);
        }
        return String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    /** The finding's path: the namespace, or the namespaces, and what on them. */
    static String path(List<String> names, String what) {
        return (names.size() == 1 ? "Namespace " : "Namespaces ") + listed(names) + (what == null ? "" : " " + what);
    }

    /** Which Kuma judges, and why it is that one: the running control plane, else the profile's kumaVersion. */
    static String judgingKuma(RuleContext context) {
        return context.resolved().running().isPresent() ? "the control plane runs Kuma " + context.resolved().kumaVersion()
                : "spec.kumaVersion is " + context.resolved().kumaVersion();
    }
}
