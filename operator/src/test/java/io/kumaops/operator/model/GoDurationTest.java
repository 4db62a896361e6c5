package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link GoDuration} gives what Go's {@code time.ParseDuration} gives: the values and errors below are Go's own output. */
class GoDurationTest {

    static Stream<Arguments> goAnswers() {
        return Stream.of(
                ok("1h30m", 5400000000000L),
                ok("1.5h", 5400000000000L),
                ok("-1s", -1000000000L),
                ok("+1s", 1000000000L),
                ok("0", 0L),
                ok("-0", 0L),
                ok("+0", 0L),
                refused("", "time: invalid duration \"\""),
                refused("1", "time: missing unit in duration \"1\""),
                refused("1x", "time: unknown unit \"x\" in duration \"1x\""),
                refused("30d", "time: unknown unit \"d\" in duration \"30d\""),
                ok("500us", 500000L),
                ok("500\u00b5s", 500000L),
                ok("500\u03bcs", 500000L),
                ok("1ns", 1L),
                ok(".5s", 500000000L),
                ok("5.s", 5000000000L),
                refused(".s", "time: invalid duration \".s\""),
                refused("-.s", "time: invalid duration \"-.s\""),
                refused("1h-1m", "time: unknown unit \"h-\" in duration \"1h-1m\""),
                refused("1e3s", "time: unknown unit \"e\" in duration \"1e3s\""),
                ok("9223372036854775807ns", 9223372036854775807L),
                refused("9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\""),
                ok("-9223372036854775808ns", -9223372036854775808L),
                refused("-9223372036854775809ns", "time: invalid duration \"-9223372036854775809ns\""),
                ok("2562047h", 9223369200000000000L),
                refused("2562048h", "time: invalid duration \"2562048h\""),
                ok("2562047h47m16.854775807s", 9223372036854775807L),
                refused("2562047h47m16.854775808s", "time: invalid duration \"2562047h47m16.854775808s\""),
                ok("-2562047h47m16.854775808s", -9223372036854775808L),
                ok("0.0000000001s", 0L),
                ok("1.0000000000000000000000001h", 3600000000000L),
                refused("99999999999999999999s", "time: invalid duration \"99999999999999999999s\""),
                ok("1.99999999999999999999999s", 2000000000L),
                refused("10000000000000000000000000000000.5s", "time: invalid duration \"10000000000000000000000000000000.5s\""),
                refused("h", "time: invalid duration \"h\""),
                refused("1hh", "time: unknown unit \"hh\" in duration \"1hh\""),
                refused("1 h", "time: unknown unit \" h\" in duration \"1 h\""),
                refused(" 1h", "time: invalid duration \" 1h\""),
                refused("1h ", "time: unknown unit \"h \" in duration \"1h \""),
                refused("1H", "time: unknown unit \"H\" in duration \"1H\""),
                ok("1m1m1m", 180000000000L),
                ok("00001s", 1000000000L),
                refused("1.2.3s", "time: missing unit in duration \"1.2.3s\""),
                ok("0s", 0L),
                ok("-0s", 0L),
                refused("1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""),
                refused("\u00e9", "time: invalid duration \"\\xc3\\xa9\""),
                refused("1\u00e9", "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("goAnswers")
    void parsesAsGoDoes(String text, Long nanos, String error) {
        GoDuration.Parsed parsed = GoDuration.parseResult(text);
        assertThat(parsed.error()).isEqualTo(error);
        if (nanos != null) {
            assertThat(parsed.nanos()).isEqualTo(nanos);
        }
    }

    /** What Go's time.Duration.String() prints for each (Go src/time/time.go, String and fmtFrac). */
    @ParameterizedTest(name = "[{index}] {0} ns")
    @org.junit.jupiter.params.provider.CsvSource({
            "0, 0s", "1, 1ns", "1500, 1.5\u00b5s", "25000000, 25ms", "500000000, 500ms", "1000000000, 1s",
            "1500000000, 1.5s", "10000000000, 10s", "300000000000, 5m0s", "1800000000000, 30m0s", "3600000000000, 1h0m0s",
            "7200000000000, 2h0m0s", "10800000000000, 3h0m0s", "5430000000000, 1h30m30s", "-5000000000, -5s"})
    void formatsAsGoDoes(long nanos, String go) {
        assertThat(GoDuration.format(java.time.Duration.ofNanos(nanos))).isEqualTo(go);
        assertThat(GoDuration.parse(go).toNanos()).as("and reads back").isEqualTo(nanos);
    }

    private static Arguments ok(String text, long nanos) {
        return Arguments.of(text, nanos, null);
    }

    private static Arguments refused(String text, String error) {
        return Arguments.of(text, null, error);
    }
}
