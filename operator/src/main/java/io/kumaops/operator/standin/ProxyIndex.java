package io.kumaops.operator.standin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every Dataplane the reporter knows, by namespace and name and by mesh. Two levels of maps rather than one keyed
 * by {@code namespace/name} spare a key string per Dataplane. Guarded by the reporter's lock.
 */
final class ProxyIndex {

    private final Map<String, Map<String, ProxyState>> byNamespace = new HashMap<>();
    private final Map<String, Set<ProxyState>> byMesh = new HashMap<>();

    ProxyState get(String namespace, String name) {
        Map<String, ProxyState> names = byNamespace.get(namespace);
        return names == null ? null : names.get(name);
    }

    boolean holds(ProxyState proxy) {
        return get(proxy.namespace, proxy.name) == proxy;
    }

    /** Adds the proxy; returns the one it replaces (already taken out of its mesh), or null. */
    ProxyState put(ProxyState proxy) {
        ProxyState previous = byNamespace.computeIfAbsent(proxy.namespace, namespace -> new HashMap<>()).put(proxy.name, proxy);
        if (previous != null) {
            leaveMesh(previous);
        }
        return previous;
    }

    /** Takes the proxy out if it is the one indexed under its name. */
    void remove(ProxyState proxy) {
        Map<String, ProxyState> names = byNamespace.get(proxy.namespace);
        if (names != null && names.get(proxy.name) == proxy) {
            names.remove(proxy.name);
            if (names.isEmpty()) {
                byNamespace.remove(proxy.namespace);
            }
        }
        leaveMesh(proxy);
    }

    /** New facts of the proxy's Dataplane; returns the mesh it left, or null when its mesh did not change. */
    String setFacts(ProxyState proxy, DataplaneFacts facts) {
        String before = proxy.mesh();
        boolean moved = before != null && !before.equals(facts.mesh());
        if (moved) {
            leaveMesh(proxy);
        }
        proxy.facts = facts;
        if (facts.mesh() != null) {
            byMesh.computeIfAbsent(facts.mesh(), mesh -> new HashSet<>()).add(proxy);
        }
        return moved ? before : null;
    }

    Set<ProxyState> ofMesh(String mesh) {
        return byMesh.getOrDefault(mesh, Set.of());
    }

    /** A copy of every proxy, for changes while iterating. */
    List<ProxyState> all() {
        List<ProxyState> all = new ArrayList<>();
        byNamespace.values().forEach(names -> all.addAll(names.values()));
        return all;
    }

    /** Each simulated proxy whose Dataplane exists (it has a mesh); the action must not add or remove proxies. */
    void forEachSimulated(java.util.function.Consumer<ProxyState> action) {
        for (Set<ProxyState> members : byMesh.values()) {
            for (ProxyState proxy : members) {
                if (proxy.simulated) {
                    action.accept(proxy);
                }
            }
        }
    }

    private void leaveMesh(ProxyState proxy) {
        if (proxy.mesh() != null) {
            Set<ProxyState> members = byMesh.get(proxy.mesh());
            if (members != null) {
                members.remove(proxy);
                if (members.isEmpty()) {
                    byMesh.remove(proxy.mesh());
                }
            }
        }
    }
}
