package io.kumaops.operator.admission;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The numbers Kuma reads from an int-or-string field (a percentage, a deviation factor): Kuma
 * {@code api/common/v1alpha1/decimal.go} {@code NewDecimalFromIntOrString}, an int as it is and a string through
 * {@code github.com/shopspring/decimal} v1.4.0 {@code NewFromString}. That parser takes an optional exponent after the
 * first {@code e}/{@code E}, at most one {@code .}, and then needs {@code [+-]?[0-9]+} once the dot is removed, so
 * {@code "1.9"}, {@code "-.5"}, {@code "5."} and {@code "1e2"} are numbers while {@code "xyz"}, {@code "."},
 * {@code "1_0"} and {@code "0x10"} are not.
 */
final class GoDecimals {

    private static final Pattern SIGNED_DIGITS = Pattern.compile("[+-]?[0-9]+");

    private GoDecimals() {
    }

    /** The value of an int-or-string, or null when the string is not a number. */
    static BigDecimal of(Object intOrString) {
        if (intOrString instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        return parse(String.valueOf(intOrString));
    }

    static BigDecimal parse(String text) {
        String value = text;
        long exponent = 0;
        int e = indexOfExponent(value);
        if (e >= 0) {
            String exponentText = value.substring(e + 1);
            if (!SIGNED_DIGITS.matcher(exponentText).matches()) {
                return null;
            }
            try {
                exponent = Integer.parseInt(exponentText);
            } catch (NumberFormatException outOfInt32) {
                return null;
            }
            value = value.substring(0, e);
        }
        int dot = value.indexOf('.');
        if (dot >= 0 && value.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        String digits = value;
        if (dot >= 0) {
            digits = value.substring(0, dot) + value.substring(dot + 1);
            exponent -= value.length() - dot - 1;
        }
        if (!SIGNED_DIGITS.matcher(digits).matches()) {
            return null;
        }
        if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
            return null;
        }
        BigInteger unscaled = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
        // scale is -exponent; the one exponent whose negation leaves int range only matters for its sign and size
        int scale = exponent == Integer.MIN_VALUE ? Integer.MAX_VALUE : (int) -exponent;
        return new BigDecimal(unscaled, scale);
    }

    private static int indexOfExponent(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 'e' || c == 'E') {
                return i;
            }
        }
        return -1;
    }
}
