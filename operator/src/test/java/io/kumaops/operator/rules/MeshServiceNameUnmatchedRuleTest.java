package io.kumaops.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.support.TestProfiles;
import org.junit.jupiter.api.Test;

class MeshServiceNameUnmatchedRuleTest {

    private final MeshServiceNameUnmatchedRule rule = new MeshServiceNameUnmatchedRule();

    private static RuleContext rules(String rules) {
        return RuleContext.offline(TestProfiles.fromSpec("p", """
                trafficPermissions:
                  mode: Restricted
                  rules:
                """ + rules));
    }

    @Test
    void aBareMeshServiceNameSelectsNothingOnKubernetes() {
        assertThat(rule.evaluate(rules("""
                    - {name: web-to-backend, destination: {kind: MeshService, name: backend}, sources: [{kind: MeshService, name: web}]}
                """))).extracting(f -> f.path).containsExactly(
                "spec.trafficPermissions.rules[0].destination.name", "spec.trafficPermissions.rules[0].sources[0].name");
    }

    @Test
    void kumasOwnTagsServicesAndMeshServiceResourcesAreFine() {
        assertThat(rule.evaluate(rules("""
                    - {name: a, destination: {kind: MeshService, name: backend_payments_svc_8080}, sources: [{kind: Mesh}]}
                    - {name: b, destination: {kind: Service, name: backend, namespace: payments, port: 8080}, sources: [{kind: Service, name: web, namespace: payments, port: 80}]}
                    - {name: c, destination: {kind: MeshService, name: backend, namespace: payments}, sources: [{kind: MeshSubset, tags: {team: x}}]}
                """))).isEmpty();
    }

    @Test
    void universalTagsAreWhatUsersWrite() {
        assertThat(rule.evaluate(RuleContext.offline(TestProfiles.fromSpec("p", """
                controlPlane: {environment: Universal, store: {type: Postgres, postgres: {host: db, credentialsSecretRef: {name: pg}}}}
                trafficPermissions:
                  mode: Restricted
                  rules:
                    - {name: a, destination: {kind: MeshService, name: backend}, sources: [{kind: Mesh}]}
                """)))).isEmpty();
    }
}
