package dev.portalsuite.sync.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import okhttp3.Response;

/** Small helpers shared by the three HTTP clients. */
public final class Http {
    private Http() {
    }

    /** A short description of a transport failure for an operator, without URLs' credentials or bodies. */
    public static String describe(IOException e) {
        if (e instanceof SocketTimeoutException || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Reads at most {@code limit} characters of an error body, for messages. */
    public static String peek(Response response, int limit) {
        try {
            String text = response.peekBody(limit).string();
            return text.replaceAll("\\s+", " ").trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
