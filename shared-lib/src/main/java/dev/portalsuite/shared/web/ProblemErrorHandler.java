package dev.portalsuite.shared.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (a malformed or over-long URI, headers that are
 * too large, bytes that are not UTF-8): problem+json with an {@code X-Request-Id}, like every other error, instead
 * of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;

    ProblemErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String requestId = RequestIds.acceptOrGenerate(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body(code, requestId)), callback);
    }

    /** Before a request exists (the request line or headers could not be parsed). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = RequestIds.acceptOrGenerate(null);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        fields.put(RequestIds.HEADER, requestId);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status, requestId));
    }

    private byte[] body(int status, String requestId) {
        Problem problem = new Problem("about:blank", HttpStatus.getMessage(status), status, detail(status), null,
                requestId, null);
        try {
            return mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: a malformed URI, header or character encoding.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> HttpStatus.getMessage(status) + ".";
        };
    }
}
