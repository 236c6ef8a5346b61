package dev.portalsuite.shared.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (a malformed or over-long URI, headers that are
 * too large, bytes that are not UTF-8): problem+json with an {@code X-Request-Id}, like every other error, instead
 * of Jetty's HTML page. A path the service documents as "anything else is 404" (see
 * {@link ServiceServer#undecodablePathIsNotFound}) answers 404 even when Jetty cannot decode it.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final ObjectMapper mapper;
    private final List<ServiceServer.NotFoundPrefix> notFoundPrefixes;

    ProblemErrorHandler(ObjectMapper mapper, List<ServiceServer.NotFoundPrefix> notFoundPrefixes) {
        this.mapper = mapper;
        this.notFoundPrefixes = List.copyOf(notFoundPrefixes);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String requestId = RequestIds.acceptOrGenerate(request.getHeaders().get(RequestIds.HEADER));
        response.getHeaders().put(RequestIds.HEADER, requestId);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (code == HttpStatus.BAD_REQUEST_400 && answerNotFound(request, response, requestId, callback)) {
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, requestId, null)), callback);
    }

    /** 404 for an undecodable path under a documented prefix; false when the 400 stands. */
    private boolean answerNotFound(Request request, Response response, String requestId, Callback callback) {
        RefusedTargets.Refused refused = RefusedTargets.of(request);
        String method;
        String path;
        if (refused != null) {
            method = refused.method();
            int query = refused.target().indexOf('?');
            path = query < 0 ? refused.target() : refused.target().substring(0, query);
        } else {
            HttpURI uri = request.getHttpURI();
            if (!uri.hasViolations()) {
                return false; // the 400 is about something else than the path
            }
            method = request.getMethod();
            path = uri.getPath();
        }
        ServiceServer.NotFoundPrefix match = notFoundPrefixes.stream()
                .filter(prefix -> path != null && path.startsWith(prefix.prefix()))
                .findFirst().orElse(null);
        if (match == null) {
            return false;
        }
        response.setStatus(HttpStatus.NOT_FOUND_404);
        byte[] body;
        if (match.page() == null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
            body = body(HttpStatus.NOT_FOUND_404, requestId, path);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, match.page().contentType());
            match.page().headers().forEach((name, value) -> response.getHeaders().put(name, value));
            body = match.page().body();
        }
        response.write(true, "HEAD".equals(method) ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), callback);
        return true;
    }

    /** Before a request exists (the request line or headers could not be parsed). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        String requestId = RequestIds.acceptOrGenerate(null);
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        fields.put(RequestIds.HEADER, requestId);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(body(status, requestId, null));
    }

    private byte[] body(int status, String requestId, String path) {
        Problem problem = new Problem("about:blank", HttpStatus.getMessage(status), status, detail(status), path,
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
            case 404 -> "No resource at this path.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            default -> HttpStatus.getMessage(status) + ".";
        };
    }
}
