package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The kind lists are Kuma's: each policy kind's plural is the one its vendored v2.14.3 CRD declares. */
class KumaKindsTest {

    private static final Pattern NAMES = Pattern.compile("kind: (\\w+)\\s+listKind: \\w+\\s+plural: (\\w+)");

    @Test
    void everyPolicyResourceIsThePluralItsCrdDeclares() throws IOException {
        for (int i = 0; i < KumaKinds.POLICY_KINDS.size(); i++) {
            String plural = KumaKinds.KUMA_POLICY_RESOURCES.get(i);
            try (InputStream crd = KumaKinds.class.getResourceAsStream("/kuma/v2.14.3/crds/kuma.io_" + plural + ".yaml")) {
                assertThat(crd).as("a vendored CRD named for " + plural).isNotNull();
                Matcher names = NAMES.matcher(new String(crd.readAllBytes(), StandardCharsets.UTF_8));
                assertThat(names.find()).as(plural).isTrue();
                assertThat(names.group(1)).isEqualTo(KumaKinds.POLICY_KINDS.get(i));
                assertThat(names.group(2)).isEqualTo(plural);
            }
        }
    }

    @Test
    void theDefaultPoliciesAreKumaPolicies() {
        assertThat(KumaKinds.POLICY_KINDS).containsAll(KumaKinds.DEFAULT_POLICY_KINDS);
        assertThat(KumaKinds.MANAGED_KUMA_KINDS).containsAll(KumaKinds.DEFAULT_POLICY_KINDS);
    }
}
