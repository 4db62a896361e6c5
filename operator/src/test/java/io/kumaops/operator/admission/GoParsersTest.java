package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Go parsers the policy validators depend on give Go's answers: shopspring/decimal v1.4.0 {@code NewFromString}
 * and go-spiffe v2.6.0 {@code spiffeid.FromString}; the expected values are the Go libraries' own output.
 */
class GoParsersTest {

    @ParameterizedTest(name = "decimal \"{0}\"")
    @CsvSource(delimiter = '|', nullValues = "ERR", value = {
            "1.9|1.9", "xyz|ERR", "-.5|-0.5", "+.5|0.5", "5.|5", ".|ERR", "''|ERR", "1e2|100", "1E2|100", "1e|ERR",
            "1e+2|100", "1.5e-3|0.0015", "1_0|ERR", "0x10|ERR", "-|ERR", "+|ERR", "1.2.3|ERR", ".-5|-0.05", "1e2e3|ERR",
            "99999999999999999999999.5|99999999999999999999999.5", "1e2147483648|ERR", "1.5e-2147483648|ERR",
            "' 1'|ERR", "'1 '|ERR", "0|0", "-0|0", "100|100", "100.0000001|100.0000001", "-0.0000001|-0.0000001"})
    void decimalsAsShopspringParsesThem(String text, String value) {
        BigDecimal parsed = GoDecimals.parse(text);
        if (value == null) {
            assertThat(parsed).isNull();
        } else {
            assertThat(parsed).isEqualByComparingTo(new BigDecimal(value));
        }
    }

    @ParameterizedTest(name = "SPIFFE ID \"{0}\"")
    @CsvSource(delimiter = '|', nullValues = "OK", value = {
            "''|cannot be empty",
            "spiffe://|trust domain is missing",
            "spiffe://a|OK",
            "spiffe://default/client|OK",
            "some-service|scheme is missing or invalid",
            "Spiffe://a|scheme is missing or invalid",
            "spiffe://A|trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores",
            "spiffe://a/|path cannot have a trailing slash",
            "spiffe://a//b|path cannot contain empty segments",
            "spiffe://a/./b|path cannot contain dot segments",
            "spiffe://a/..|path cannot contain dot segments",
            "spiffe://a/b c|path segment characters are limited to letters, numbers, dots, dashes, and underscores",
            "spiffe://a/B_-.9|OK",
            "spiffe:///x|trust domain is missing",
            "spiffe://a:8080/x|trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores",
            "spiffe://a/\u00e9|path segment characters are limited to letters, numbers, dots, dashes, and underscores"})
    void spiffeIdsAsGoSpiffeParsesThem(String id, String error) {
        assertThat(TargetRefRules.spiffeIdError(id)).isEqualTo(error);
    }
}
