package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Severity;

/** A rule whose code and severity never change: subclasses pass them once and implement the check and its doc. */
public abstract class AbstractRule implements Rule {

    private final String code;
    private final Severity severity;

    protected AbstractRule(String code, Severity severity) {
        this.code = code;
        this.severity = severity;
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final Severity severity() {
        return severity;
    }
}
