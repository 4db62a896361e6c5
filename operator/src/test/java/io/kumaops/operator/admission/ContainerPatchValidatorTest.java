package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What counts as a JSON value for a ContainerPatch: one strict JSON text, as Go's encoder accepts it. */
class ContainerPatchValidatorTest {

    @Test
    void oneStrictJsonTextIsJson() {
        assertThat(ContainerPatchValidator.isJson("\"100m\"")).isTrue();
        assertThat(ContainerPatchValidator.isJson(" {\"memory\": \"64Mi\"} ")).isTrue();
        assertThat(ContainerPatchValidator.isJson("[1, 2.5e3, null, false]")).isTrue();
        assertThat(ContainerPatchValidator.isJson("0")).isTrue();
    }

    @Test
    void anythingElseIsNot() {
        assertThat(ContainerPatchValidator.isJson("")).isFalse();
        assertThat(ContainerPatchValidator.isJson("100m")).isFalse();
        assertThat(ContainerPatchValidator.isJson("\"a\" \"b\"")).as("two texts").isFalse();
        assertThat(ContainerPatchValidator.isJson("{'a': 1}")).isFalse();
        assertThat(ContainerPatchValidator.isJson("{\"a\": 1,}")).isFalse();
        assertThat(ContainerPatchValidator.isJson("01")).isFalse();
        assertThat(ContainerPatchValidator.isJson("NaN")).isFalse();
        assertThat(ContainerPatchValidator.isJson("{\"a\": 1} // why")).isFalse();
    }
}
