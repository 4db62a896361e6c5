package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The project's own admission cases: what Kuma's spec-only cases do not cover (distribution, previous object,
 * labels and namespaces, version differences), each naming the Kuma source file it was read from.
 */
class OwnCasesTest {

    private static final KumaAdmission ADMISSION = KumaAdmission.standard();

    @TestFactory
    Stream<DynamicTest> ownCasesGetTheVerdictOfKumasSource() {
        return KumaCases.own().stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> {
            AdmissionVerdict verdict = ADMISSION.review(KumaCases.requestOf(c));
            assertThat(verdict.modelled()).as("%s is modelled", c.kind()).isTrue();
            assertThat(KumaConformanceTest.sorted(verdict.violations())).as("violations of %s", c)
                    .isEqualTo(KumaConformanceTest.sorted(c.violations()));
            assertThat(verdict.allowed()).as("verdict of %s", c).isEqualTo(c.valid());
            assertThat(verdict.warnings().stream().map(AdmissionWarning::field).sorted().toList()).as("warnings of %s", c)
                    .isEqualTo(KumaCases.expectedWarnings(c).stream().sorted().toList());
        }));
    }

    @Test
    void everyOwnCaseNamesItsKumaSource() {
        List<KumaCases.Case> cases = KumaCases.own();
        assertThat(cases).allSatisfy(c -> assertThat(c.raw().get("kumaSource")).as("kumaSource of %s", c).isNotNull());
    }
}
