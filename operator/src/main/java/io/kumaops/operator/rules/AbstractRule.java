package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Severity;

/** A rule whose code and severity never change: subclasses pass them once and implement the check and its doc. */
public abstract class AbstractRule implements Rule {

    private final String code;
    private final Severity severity;
    private final Severity escalatedSeverity;

    protected AbstractRule(String code, Severity severity) {
        this(code, severity, severity);
    }

    /** @param escalatedSeverity the severity of the worse case the rule's doc names */
    protected AbstractRule(String code, Severity severity, Severity escalatedSeverity) {
        this.code = code;
        this.severity = severity;
        this.escalatedSeverity = escalatedSeverity;
    }

    @Override
    public final String code() {
        return code;
    }

    @Override
    public final Severity severity() {
        return severity;
    }

    @Override
    public final Severity escalatedSeverity() {
        return escalatedSeverity;
    }
}
