package io.kumaops.operator.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Keeps HTTP wire logging off whatever ROOT_LOG_LEVEL says. At TRACE, fabric8's HttpLoggingInterceptor prints every
 * request header (the bearer token included) and every body (a Secret's data included). This filter denies TRACE
 * events of the Kubernetes client's HTTP loggers, and since fabric8 installs that interceptor only when its logger
 * answers isTraceEnabled(), which asks this filter too, the interceptor is not even installed. DEBUG and above pass:
 * those lines name URLs and response codes, never headers or bodies. Configured in logback.xml.
 */
public final class HttpTraceCap extends TurboFilter {

    /** Loggers of fabric8's HTTP layer and of the HTTP clients it may run on. */
    static final List<String> CAPPED = List.of(
            "io.fabric8.kubernetes.client.http",
            "io.fabric8.kubernetes.client.jdkhttp",
            "io.fabric8.kubernetes.client.okhttp",
            "io.fabric8.kubernetes.client.vertx",
            "io.fabric8.kubernetes.client.jetty",
            "okhttp3",
            "jdk.httpclient",
            "jdk.internal.httpclient");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return Level.TRACE.equals(level) && capped(logger.getName()) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean capped(String name) {
        for (String prefix : CAPPED) {
            if (name.equals(prefix) || name.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
