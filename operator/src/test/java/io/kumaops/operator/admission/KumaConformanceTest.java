package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every one of Kuma's own v2.14.3 validator cases gets Kuma's verdict from {@link KumaAdmission}: the same
 * admitted/refused answer and, for refusals, the same violations (field and message). {@code -Dkumaops.cases=MeshTimeout,…}
 * restricts the run to some kinds while working on them.
 */
class KumaConformanceTest {

    private static final KumaAdmission ADMISSION = KumaAdmission.standard();

    /**
     * The kinds whose rules are modelled so far: every one of Kuma's cases for them must get Kuma's verdict. A kind
     * joins this list with its validator; {@link #everyListedKindIsModelled} keeps the list honest.
     */
    static final List<String> MODELLED = KumaCases.KUMA_KINDS;

    @Test
    void everyListedKindIsModelled() {
        assertThat(MODELLED).allSatisfy(kind -> assertThat(ADMISSION.models(kind)).as(kind).isTrue());
        List<String> missing = KumaCases.KUMA_KINDS.stream().filter(kind -> !MODELLED.contains(kind)).toList();
        if (!missing.isEmpty()) {
            System.out.println("KumaConformanceTest: Kuma's cases not yet run for " + missing + " (not modelled yet)");
        }
    }

    @TestFactory
    Stream<DynamicContainer> kumaCasesGetKumaVerdicts() {
        String only = System.getProperty("kumaops.cases", "");
        List<String> kinds = only.isBlank() ? MODELLED : Arrays.asList(only.split(","));
        return kinds.stream().map(kind -> DynamicContainer.dynamicContainer(kind,
                KumaCases.kuma(kind).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertKumaVerdict(c)))));
    }

    @Test
    void allOfKumasCasesAreThere() {
        int total = KumaCases.KUMA_KINDS.stream().mapToInt(kind -> KumaCases.kuma(kind).size()).sum();
        assertThat(total).isEqualTo(175);
    }

    static void assertKumaVerdict(KumaCases.Case c) {
        AdmissionTarget target = AdmissionTarget.defaults();
        AdmissionVerdict verdict = ADMISSION.review(AdmissionRequest.create(target, KumaCases.objectOf(c, target.systemNamespace())));
        assertThat(verdict.modelled()).as("%s is modelled", c.kind()).isTrue();
        assertThat(sorted(verdict.violations())).as("violations of %s", c).isEqualTo(sorted(c.violations()));
        assertThat(verdict.allowed()).as("verdict of %s", c).isEqualTo(c.valid());
    }

    static List<String> sorted(List<Violation> violations) {
        List<String> lines = new ArrayList<>();
        for (Violation v : violations) {
            lines.add(v.field() + ": " + v.message().strip());
        }
        lines.sort(Comparator.naturalOrder());
        return lines;
    }
}
