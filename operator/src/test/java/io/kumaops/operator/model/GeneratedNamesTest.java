package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names the operator derives: today's names stay, ambiguous ones are marked, long ones shortened, all stable. */
class GeneratedNamesTest {

    @Test
    void namesThatWereUnambiguousStayAsEarlierReleasesWroteThem() {
        assertThat(GeneratedNames.allowAll("payments")).isEqualTo("allow-all-payments");
        assertThat(GeneratedNames.permissionRule("payments", "web-to-backend")).isEqualTo("payments-web-to-backend");
        assertThat(GeneratedNames.meshTimeout("payments")).isEqualTo("kumaops-timeout-payments");
        assertThat(GeneratedNames.meshTimeoutInbound("payments")).isEqualTo("kumaops-timeout-payments-inbound");
        assertThat(GeneratedNames.meshTimeoutGateways("payments")).isEqualTo("kumaops-timeout-payments-gateways");
        assertThat(GeneratedNames.meshTimeoutGateways("x-gateways")).as("marked: not mesh x's gateway policy")
                .isNotEqualTo(GeneratedNames.meshTimeout("x-gateways")).isNotEqualTo("kumaops-timeout-x-gateways-gateways")
                .startsWith("kumaops-timeout-x-gateways.").endsWith("-gateways");
        assertThat(GeneratedNames.meshTimeout("x-gateways")).isNotEqualTo(GeneratedNames.meshTimeoutGateways("x"));
        assertThat(GeneratedNames.meshRetry("payments")).isEqualTo("kumaops-retry-payments");
        assertThat(GeneratedNames.meshCircuitBreaker("payments")).isEqualTo("kumaops-circuit-breaker-payments");
        assertThat(GeneratedNames.canaryCopy("kumaops-retry-payments")).isEqualTo("kumaops-retry-payments-canary");
        assertThat(GeneratedNames.disruptionBudget("kuma-control-plane")).isEqualTo("kuma-control-plane-pdb");
        assertThat(GeneratedNames.zonePolicyFence("us-east")).isEqualTo("kumaops-zone-policy-fence-us-east");
        assertThat(GeneratedNames.profileLabel("payments")).isEqualTo("payments");
        // Only the role suffixes of a kind mark a mesh: a retry has no inbound variant to be confused with.
        assertThat(GeneratedNames.meshRetry("x-inbound")).isEqualTo("kumaops-retry-x-inbound");
    }

    /** Pinned: a change of these renames objects in every cluster that has them. */
    @Test
    void markedAndShortenedNamesArePinned() {
        assertThat(GeneratedNames.meshTimeout("x-inbound")).isEqualTo("kumaops-timeout-x-inbound.515343db");
        assertThat(GeneratedNames.meshTimeoutInbound("x-inbound")).isEqualTo("kumaops-timeout-x-inbound.515343db-inbound");
        assertThat(GeneratedNames.meshRetry("x-canary")).isEqualTo("kumaops-retry-x-canary.f09a87b7");
        assertThat(GeneratedNames.permissionRule("allow", "all-allow")).isEqualTo("allow-all-allow.18426586");
        assertThat(GeneratedNames.labelValue("kumaops-circuit-breaker-" + "m".repeat(63)))
                .isEqualTo("kumaops-circuit-breaker-mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm-e7c9dc7d");
        assertThat(GeneratedNames.disruptionBudget("d".repeat(252))).isEqualTo("d".repeat(240) + "-73f39e8f-pdb");
    }

    @Test
    void aMeshNamedLikeAnotherMeshsInboundTimeoutGetsItsOwnNames() {
        String inboundOfX = GeneratedNames.meshTimeoutInbound("x");
        assertThat(inboundOfX).isEqualTo("kumaops-timeout-x-inbound");
        assertThat(GeneratedNames.meshTimeout("x-inbound")).isNotEqualTo(inboundOfX);
        assertThat(GeneratedNames.meshTimeoutInbound("x-inbound")).isNotEqualTo(inboundOfX);
    }

    @Test
    void aRuleNamedLikeTheAllowAllIsNotTheAllowAll() {
        // Mesh allow with rule all-allow used to write allow-all-allow as its rule and then delete it as the allow-all.
        assertThat(GeneratedNames.permissionRule("allow", "all-allow")).isNotEqualTo(GeneratedNames.allowAll("allow"));
        // Mesh allow-all with rule x read as the allow-all of mesh x.
        assertThat(GeneratedNames.permissionRule("allow-all", "x")).isNotEqualTo(GeneratedNames.allowAll("x"));
    }

    @Test
    void aMeshEndingInCanaryIsNeverMistakenForACanaryCopy() {
        String copyOfX = GeneratedNames.canaryCopy(GeneratedNames.meshRetry("x"));
        assertThat(GeneratedNames.meshRetry("x-canary")).isNotEqualTo(copyOfX);
        assertThat(GeneratedNames.isCanaryCopy(GeneratedNames.meshRetry("x-canary"))).isFalse();
        assertThat(GeneratedNames.isCanaryCopy(GeneratedNames.meshTimeoutInbound("x-canary"))).isFalse();
        assertThat(GeneratedNames.isCanaryCopy(copyOfX)).isTrue();
        // The prefix's dash counts: mesh canary would otherwise be kumaops-retry-canary, a name a copy ends with.
        assertThat(GeneratedNames.isCanaryCopy(GeneratedNames.meshRetry("canary"))).isFalse();
    }

    @Test
    void longNamesKeepAReadablePrefixAndTheirRoleSuffix() {
        String policy = "kumaops-timeout-" + "a".repeat(240);
        String copy = GeneratedNames.canaryCopy(policy);
        assertThat(copy).hasSize(GeneratedNames.MAX_NAME).startsWith("kumaops-timeout-aaa").endsWith("-canary");
        assertThat(GeneratedNames.isCanaryCopy(copy)).isTrue();
        assertThat(GeneratedNames.canaryCopy("kumaops-timeout-" + "a".repeat(241))).as("the hash is of the whole name").isNotEqualTo(copy);
        // A cut never leaves a dot or a dash at the end of the readable part.
        assertThat(GeneratedNames.disruptionBudget("a".repeat(239) + "." + "b".repeat(20))).startsWith("a".repeat(239) + "-").doesNotContain(".-");
    }

    @Test
    void labelValuesFitAndKeepLabelCharacters() {
        String value = GeneratedNames.labelValue("-" + "x".repeat(100) + "/é");
        assertThat(value).hasSizeLessThanOrEqualTo(GeneratedNames.MAX_LABEL_VALUE).matches("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$");
        assertThat(GeneratedNames.labelValue("---")).as("only the hash is left").matches("^[0-9a-f]{8}$");
        assertThat(GeneratedNames.labelValue("a".repeat(63))).isEqualTo("a".repeat(63));
        assertThat(GeneratedNames.labelValue("a".repeat(64))).hasSize(GeneratedNames.MAX_LABEL_VALUE).isNotEqualTo(GeneratedNames.labelValue("a".repeat(65)));
    }
}
