package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Kuma's own cases for DeploymentVersionCompatible (pkg/version/compatibility_test.go, v2.14.3), and the edges around them. */
class KumaDpCompatibilityTest {

    @Test
    void twoMinorsEitherWayOfTheSameMajorAreSupported() {
        assertThat(KumaDpCompatibility.compatible("1.4.0", "1.4.1")).isTrue();
        assertThat(KumaDpCompatibility.compatible("1.4.1", "1.3.5")).isTrue();
        assertThat(KumaDpCompatibility.compatible("1.4.1", "1.2.0")).isTrue();
        assertThat(KumaDpCompatibility.compatible("1.3.1", "1.4.5")).isTrue();
        assertThat(KumaDpCompatibility.compatible("1.2.1", "1.4.0")).isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.12.0")).isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.16.9")).as("the upper bound takes any patch").isTrue();
    }

    @Test
    void moreThanTwoMinorsApartOrAnotherMajorIsNot() {
        assertThat(KumaDpCompatibility.compatible("1.4.0", "1.1.1")).isFalse();
        assertThat(KumaDpCompatibility.compatible("1.4.1", "1.0.0")).isFalse();
        assertThat(KumaDpCompatibility.compatible("1.4.0", "1.7.1")).isFalse();
        assertThat(KumaDpCompatibility.compatible("1.2.1", "1.5.0")).isFalse();
        assertThat(KumaDpCompatibility.compatible("1.4.0", "2.4.0")).isFalse();
        assertThat(KumaDpCompatibility.compatible("2.2.2", "1.0.0")).isFalse();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.11.9")).isFalse();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.17.0")).isFalse();
    }

    @Test
    void devAndPreviewVersionsAreSupportedAndPreReleasesAreNot() {
        assertThat(KumaDpCompatibility.compatible("1.4.0", "dev-1234")).isTrue();
        assertThat(KumaDpCompatibility.compatible("abc-dev-1234", "1.4.0")).isTrue();
        assertThat(KumaDpCompatibility.compatible("1.0.0", "1.1.0")).as("no underflow below minor 0").isTrue();
        assertThat(KumaDpCompatibility.compatible("1.1.0", "1.0.0")).isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "unknown")).as("Kuma's name for no version").isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "0.0.0-preview.abc")).isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.14.0-rc.1")).as("Masterminds rejects a pre-release").isFalse();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "v2.13.1")).as("a leading v parses").isTrue();
        assertThat(KumaDpCompatibility.compatible("2.14.3", "2.9")).as("a missing patch is 0").isFalse();
        assertThat(KumaDpCompatibility.compatible(null, "2.9.0")).isTrue();
    }
}
