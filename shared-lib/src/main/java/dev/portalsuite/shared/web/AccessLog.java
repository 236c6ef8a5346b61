package dev.portalsuite.shared.web;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;

/**
 * The access log: logger {@code access}, written through logback.xml's {@code ACCESS_ASYNC} appender (a queue that
 * makes requests wait when full, never drops a line). Its writer is a daemon thread, so a process that ends must
 * {@link #drain()} it: each service's shutdown hook does, after the service stopped.
 */
public final class AccessLog {
    public static final String LOGGER = "access";
    static final String ASYNC_APPENDER = "ACCESS_ASYNC";

    private AccessLog() {
    }

    /**
     * Writes every queued line before returning; lines logged afterwards are written synchronously by the root
     * logger's appenders. Does nothing when the access log is not asynchronous (another logback configuration).
     */
    public static synchronized void drain() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger access = context.getLogger(LOGGER);
        Appender<ILoggingEvent> appender = access.getAppender(ASYNC_APPENDER);
        if (appender instanceof AsyncAppender async) {
            access.setAdditive(true); // from now on through the root's (synchronous) appenders
            access.detachAppender(async);
            async.stop(); // its worker writes what is queued, then stops ACCESS_JSON (used by nothing else)
        }
    }
}
