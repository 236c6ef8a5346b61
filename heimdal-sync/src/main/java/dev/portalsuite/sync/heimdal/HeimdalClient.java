package dev.portalsuite.sync.heimdal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.sync.heimdal.CustomerPageParser.PageResult;
import dev.portalsuite.sync.net.Cancellation;
import dev.portalsuite.sync.net.Http;
import dev.portalsuite.sync.net.RetryPolicy;
import dev.portalsuite.sync.net.SyncFailure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the customers of one Heimdal reseller account: {@code GET {base}/customers?customerId=&pageSize=&pageNumber=}
 * with {@code Authorization: Bearer <key>}. Each response is parsed as a stream and every customer is handed
 * to the caller as soon as it is parsed, so memory does not depend on the number of customers.
 *
 * <p>A page is either a plain JSON array of customers, which is taken as the complete list (no further pages
 * are requested), or an object with {@code items} and, optionally, {@code totalCount} (the assumed shapes are
 * detailed in {@link CustomerPageParser}). Paged responses are followed from
 * {@code pageNumber=1} until {@code totalCount} customers were read or an empty page arrives; without
 * {@code totalCount} only an empty page ends the list. A list that ends before {@code totalCount}, or turns
 * into a plain array after page 1, is reported incomplete.
 *
 * <p>Errors: 401/403 stop at once (the API key is wrong or lacks access); 429 waits for {@code Retry-After}
 * (seconds or an HTTP date) up to a cap, or backs off; 5xx, timeouts and broken connections back off
 * exponentially with jitter, for a bounded number of attempts. A body that is not JSON of the assumed shape
 * fails the run at once. When a response breaks off in the middle, the page is requested again and the
 * customers already handed over are skipped.
 */
public final class HeimdalClient {
    private static final Logger LOG = LoggerFactory.getLogger(HeimdalClient.class);

    /** What reading the whole list found. */
    public record ReadResult(int pages, long customers, Long totalCount, boolean plainArray, boolean complete,
                             String incompleteReason) {
    }

    private final OkHttpClient http;
    private final CustomerPageParser pageParser;
    private final RetryPolicy retry;
    private final Cancellation cancellation;
    private final HttpUrl customersUrl;
    private final String apiKey;
    private final String customerId;
    private final int pageSize;
    private final int maxPages;
    private int pagesRead;

    public HeimdalClient(OkHttpClient http, ObjectMapper mapper, RetryPolicy retry, Cancellation cancellation,
                         URI baseUrl, String apiKey, String customerId, int pageSize, int maxPages) {
        this.http = http;
        this.pageParser = new CustomerPageParser(mapper);
        this.retry = retry;
        this.cancellation = cancellation;
        this.customersUrl = Objects.requireNonNull(HttpUrl.parse(baseUrl + "/customers"), "HEIMDAL_BASE_URL");
        this.apiKey = apiKey;
        this.customerId = customerId;
        this.pageSize = pageSize;
        this.maxPages = maxPages;
    }

    /** Pages read completely so far. */
    public int pagesRead() {
        return pagesRead;
    }

    /**
     * Reads every page. {@code onFirstResponse} runs once, when Heimdal first answers with a success status
     * (before any customer is handed over): the job starts its portal run there, so a Heimdal that refuses the
     * key or cannot be reached leaves no trace in the portal.
     */
    public ReadResult readAll(Runnable onFirstResponse, CustomerSink sink) {
        long read = 0;
        Long totalCount = null;
        String pageOneFirstId = null;
        String previousFirstId = null;
        for (int page = 1; ; page++) {
            if (page > maxPages) {
                throw new SyncFailure("Heimdal returned more than HEIMDAL_MAX_PAGES=" + maxPages + " pages of " + pageSize
                        + " customers; raise HEIMDAL_MAX_PAGES or HEIMDAL_PAGE_SIZE if that is expected");
            }
            int number = page;
            String pageOne = pageOneFirstId;
            String previous = previousFirstId;
            String[] firstId = new String[1];
            int[] repeats = new int[1]; // the earlier page this one starts like, 0 if none
            long[] index = new long[1];
            PageResult result = readPage(page, page == 1 ? onFirstResponse : () -> { }, customer -> {
                if (index[0]++ == 0) {
                    String id = CustomerMapper.idOf(customer);
                    firstId[0] = id;
                    if (number > 1 && id != null && (id.equals(pageOne) || id.equals(previous))) {
                        repeats[0] = id.equals(pageOne) ? 1 : number - 1;
                        return false;
                    }
                }
                return sink.accept(customer);
            });
            if (repeats[0] == 1) {
                throw new SyncFailure("Heimdal answered page " + page + " with the same customers as page 1: it seems to "
                        + "ignore pageNumber, so the full list cannot be read; nothing was deactivated");
            }
            if (repeats[0] > 1) {
                throw new SyncFailure("Heimdal answered page " + page + " with the same customers as page " + repeats[0]
                        + ": it seems to repeat its last page instead of sending an empty one, so the end of the list "
                        + "cannot be told; nothing was deactivated");
            }
            if (page == 1) {
                pageOneFirstId = firstId[0];
            }
            previousFirstId = firstId[0];
            read += result.elements();
            pagesRead++;
            if (result.totalCount() != null) {
                totalCount = result.totalCount();
            }
            LOG.atInfo().addKeyValue("page", page).addKeyValue("customers", result.elements())
                    .addKeyValue("totalCount", totalCount).log("Heimdal page read");
            if (result.plainArray()) {
                return new ReadResult(page, read, null, true, page == 1, page == 1 ? null
                        : "Heimdal switched to a plain array on page " + page);
            }
            if (result.elements() == 0) {
                boolean complete = totalCount == null || read >= totalCount;
                return new ReadResult(page, read, totalCount, false, complete, complete ? null
                        : "Heimdal's pages ended after " + read + " of totalCount " + totalCount + " customers");
            }
            // without totalCount a short page proves nothing (Heimdal may cap pageSize below ours): only an empty
            // page ends the list, and the repeated-page and HEIMDAL_MAX_PAGES guards stop an API that never sends one
            if (totalCount != null && read >= totalCount) {
                return new ReadResult(page, read, totalCount, false, true, null);
            }
        }
    }

    private PageResult readPage(int page, Runnable onResponse, CustomerSink sink) {
        HttpUrl url = customersUrl.newBuilder()
                .addQueryParameter("customerId", customerId)
                .addQueryParameter("pageSize", Integer.toString(pageSize))
                .addQueryParameter("pageNumber", Integer.toString(page))
                .build();
        Request request = new Request.Builder().url(url)
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json")
                .build();
        long[] delivered = new long[1]; // customers of this page already handed over, kept across attempts
        return retry.call(http, new RetryPolicy.Exchange<PageResult>() {
            @Override
            public Request request() {
                cancellation.check();
                return request;
            }

            @Override
            public RetryPolicy.Answer<PageResult> answer(Response response, int attempt) throws IOException {
                int code = response.code();
                if (code == 401 || code == 403) {
                    throw new SyncFailure("Heimdal refused the API key (HTTP " + code + " for page " + page + "): check "
                            + "HEIMDAL_API_KEY (wrong, expired or revoked key, or no access to customer "
                            + customerId + "); not retried");
                }
                if (code == 429 || code >= 500) {
                    return RetryPolicy.Answer.retryWithin(response, new SyncFailure(code == 429
                            ? "Heimdal is still rate-limiting (HTTP 429) after " + attempt + " attempts for page " + page
                            : "Heimdal answered HTTP " + code + " " + attempt + " times for page " + page + "; giving up"),
                            wait -> new SyncFailure("Heimdal asks to wait " + wait.toSeconds() + " s (Retry-After, HTTP "
                                    + code + ") before page " + page + ", more than SYNC_MAX_RETRY_AFTER="
                                    + retry.maxRetryAfter() + "; try again later"));
                }
                if (code < 200 || code >= 300) {
                    throw new SyncFailure("Heimdal answered HTTP " + code + " for page " + page + " of customer "
                            + customerId + " (" + Http.peek(response, 200) + "): check HEIMDAL_BASE_URL and HEIMDAL_CUSTOMER_ID");
                }
                onResponse.run();
                return RetryPolicy.Answer.done(pageParser.parse(response.body().byteStream(), page, resuming(delivered, sink)));
            }

            @Override
            public SyncFailure unreachable(IOException e, int attempts) {
                return new SyncFailure("cannot read page " + page + " from Heimdal at " + customersUrl.host() + " ("
                        + Http.describe(e) + ") after " + attempts + " attempts; check HEIMDAL_BASE_URL and the network", e);
            }

            @Override
            public void retrying(int status, IOException error, int attempt, Duration wait) {
                if (error == null) {
                    LOG.atWarn().addKeyValue("heimdalStatus", status).addKeyValue("page", page).addKeyValue("attempt", attempt)
                            .addKeyValue("retryInMs", wait.toMillis()).log("Heimdal answered HTTP {}; retrying", status);
                } else {
                    LOG.atWarn().addKeyValue("page", page).addKeyValue("attempt", attempt).addKeyValue("retryInMs", wait.toMillis())
                            .addKeyValue("alreadyRead", delivered[0])
                            .log("reading from Heimdal failed ({}); retrying", Http.describe(error));
                }
            }
        });
    }

    /** One attempt's sink: skips the customers an earlier attempt at the page already handed over. */
    private CustomerSink resuming(long[] delivered, CustomerSink sink) {
        long[] index = new long[1];
        return customer -> {
            if (index[0]++ < delivered[0]) {
                return true;
            }
            cancellation.check();
            delivered[0]++;
            return sink.accept(customer);
        };
    }
}
