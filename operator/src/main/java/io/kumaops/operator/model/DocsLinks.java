package io.kumaops.operator.model;

import java.util.Locale;

/** Where the project's documentation lives, so every finding and message links to one place. */
public final class DocsLinks {

    /** The docs folder on the default branch. */
    public static final String BASE = "https://github.com/kumaops/kuma-production-operator/blob/main/docs/";

    private DocsLinks() {
    }

    /** The entry of a finding in {@code docs/findings.md}: its heading is the code, so the anchor is the lowercased code. */
    public static String finding(String code) {
        return section("findings.md", code.toLowerCase(Locale.ROOT));
    }

    /** A section of a page: {@code anchor} as GitHub derives it from the heading. */
    public static String section(String page, String anchor) {
        return page(page) + "#" + anchor;
    }

    public static String page(String page) {
        return BASE + page;
    }
}
