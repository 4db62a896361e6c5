package io.kumaops.operator.admission;

import java.nio.charset.StandardCharsets;

/**
 * The two address parsers of Go's standard library that Kuma's Mesh rules lean on: {@code net.SplitHostPort} (TCP
 * logging addresses) and {@code url.ParseRequestURI} with {@code URL.Port()} (Zipkin URLs). Only what decides
 * Kuma's verdict is modelled: whether parsing fails, and the host and port it yields.
 */
final class GoNetParsing {

    private GoNetParsing() {
    }

    /** Host and port of {@code host:port}, {@code [v6]:port}; null when Go's {@code net.SplitHostPort} fails. */
    static String[] splitHostPort(String hostPort) {
        int lastColon = hostPort.lastIndexOf(':');
        if (lastColon < 0) {
            return null;
        }
        String host;
        int noOpenFrom = 0;
        int noCloseFrom = 0;
        if (hostPort.charAt(0) == '[') {
            int end = hostPort.indexOf(']');
            if (end < 0 || end + 1 != lastColon) {
                return null;
            }
            host = hostPort.substring(1, end);
            noOpenFrom = 1;
            noCloseFrom = end + 1;
        } else {
            host = hostPort.substring(0, lastColon);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        if (hostPort.indexOf('[', noOpenFrom) >= 0 || hostPort.indexOf(']', noCloseFrom) >= 0) {
            return null;
        }
        return new String[] {host, hostPort.substring(lastColon + 1)};
    }

    /**
     * The port Go's {@code url.ParseRequestURI(raw).Port()} yields ({@code ""} when the URL names none), or null when
     * {@code ParseRequestURI} fails.
     */
    static String requestUriPort(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if ((b & 0xff) < 0x20 || b == 0x7f) {
                return null;
            }
        }
        if (raw.isEmpty()) {
            return null;
        }
        if (raw.equals("*")) {
            return "";
        }
        String scheme = "";
        String rest = raw;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    break;
                }
                continue;
            }
            if (c == ':') {
                if (i == 0) {
                    return null;
                }
                scheme = raw.substring(0, i);
                rest = raw.substring(i + 1);
            }
            break;
        }
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            rest = rest.substring(0, rest.length() - 1);
        } else if (rest.indexOf('?') >= 0) {
            rest = rest.substring(0, rest.indexOf('?'));
        }
        if (!rest.startsWith("/")) {
            // A scheme followed by a rootless path is an opaque URL: valid, and it has no host.
            return scheme.isEmpty() ? null : "";
        }
        String host = "";
        if (!scheme.isEmpty() && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                rest = authority.substring(slash);
                authority = authority.substring(0, slash);
            } else {
                rest = "";
            }
            int at = authority.lastIndexOf('@');
            if (at >= 0 && !validUserinfo(authority.substring(0, at))) {
                return null;
            }
            host = at >= 0 ? authority.substring(at + 1) : authority;
            if (!validHost(host)) {
                return null;
            }
            if (at >= 0 && !validEscapes(authority.substring(0, at))) {
                return null;
            }
        }
        if (!validEscapes(rest)) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(host.substring(colon))) {
            return host.substring(colon + 1);
        }
        return "";
    }

    private static boolean validHost(String host) {
        String checked = host;
        if (host.startsWith("[")) {
            int close = host.lastIndexOf(']');
            if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
                return false;
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                // Zone identifiers may escape almost anything; only the parts around the zone are host text.
                return validHostText(host.substring(0, zone)) && validEscapes(host.substring(zone, close))
                        && validHostText(host.substring(close));
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
                return false;
            }
        }
        return validHostText(checked);
    }

    /** Go's {@code unescape(host, encodeHost)}: only non-ASCII may be percent-escaped, and few ASCII marks pass. */
    private static boolean validHostText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c == '%') {
                if (i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) {
                    return false;
                }
                boolean percent25 = bytes[i + 1] == '2' && bytes[i + 2] == '5';
                if (Character.digit(bytes[i + 1], 16) < 8 && !percent25) {
                    return false;
                }
                i += 2;
            } else if (c < 0x80 && !hostCharacter(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hostCharacter(int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!$&'()*+,;=:[]<>\"-_.~".indexOf(c) >= 0;
    }

    private static boolean validEscapes(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length || !isHex(bytes[i + 1]) || !isHex(bytes[i + 2])) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static boolean validUserinfo(String userinfo) {
        for (int i = 0; i < userinfo.length(); i++) {
            char c = userinfo.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }
}
