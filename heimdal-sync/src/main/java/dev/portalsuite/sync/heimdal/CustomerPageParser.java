package dev.portalsuite.sync.heimdal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.portalsuite.sync.net.SyncFailure;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses one page of Heimdal's customer list as a stream, handing each customer to a {@link CustomerSink} as soon
 * as it is parsed, so memory does not depend on the size of the page.
 *
 * <p>Assumed shapes (no public schema exists): a plain JSON array of customers, or an object with {@code items}
 * (an array, or null for none) and, optionally, {@code totalCount} (a whole number, or one as a string). Field
 * names match ignoring case, {@code _} and {@code -}; other fields are ignored. Anything else fails the run.
 */
final class CustomerPageParser {
    /** What one page held; {@code stopped} when the sink asked to stop, so the rest of the page was not read. */
    record PageResult(long elements, Long totalCount, boolean plainArray, boolean stopped) {
    }

    private final ObjectMapper mapper;
    /** One customer at a time from the stream (the shared mapper refuses trailing tokens after a whole document). */
    private final ObjectReader customerReader;

    CustomerPageParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.customerReader = mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Reads page {@code page} from {@code body}.
     *
     * @throws SyncFailure if the body is not JSON of an assumed shape
     * @throws IOException if reading the body fails (the caller may request the page again)
     */
    PageResult parse(InputStream body, int page, CustomerSink sink) throws IOException {
        try {
            return read(body, sink);
        } catch (JsonProcessingException e) {
            throw new SyncFailure("Heimdal page " + page + " is not the expected JSON (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + "); the run stops and nothing is deactivated", e);
        }
    }

    private PageResult read(InputStream body, CustomerSink sink) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            PageResult result;
            if (token == JsonToken.START_ARRAY) {
                long[] count = new long[1];
                boolean stopped = !elements(parser, count, sink);
                result = new PageResult(count[0], null, true, stopped);
            } else if (token == JsonToken.START_OBJECT) {
                result = pagedObject(parser, sink);
            } else {
                throw new JsonProcessingException("expected a JSON array of customers or an object with items, got "
                        + (token == null ? "an empty body" : token.asString() == null ? token.name() : token.asString()),
                        parser.currentLocation()) { };
            }
            if (!result.stopped() && parser.nextToken() != null) {
                throw new JsonProcessingException("unexpected content after the customers", parser.currentLocation()) { };
            }
            return result;
        }
    }

    private PageResult pagedObject(JsonParser parser, CustomerSink sink) throws IOException {
        boolean sawItems = false;
        Long totalCount = null;
        long[] count = new long[1];
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = CustomerMapper.normalise(parser.currentName());
            JsonToken value = parser.nextToken();
            if (name.equals("items") && !sawItems) {
                sawItems = true;
                if (value == JsonToken.START_ARRAY) {
                    if (!elements(parser, count, sink)) {
                        return new PageResult(count[0], totalCount, false, true);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new JsonProcessingException("items is not an array", parser.currentLocation()) { };
                }
            } else if (name.equals("totalcount")) {
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    totalCount = parser.getLongValue();
                } else if (value == JsonToken.VALUE_STRING && parser.getText().trim().matches("\\d{1,15}")) {
                    totalCount = Long.parseLong(parser.getText().trim());
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new JsonProcessingException("totalCount is not a whole number", parser.currentLocation()) { };
                }
            } else {
                parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new JsonProcessingException("the response object ends early", parser.currentLocation()) { };
        }
        if (!sawItems) {
            throw new JsonProcessingException("a JSON object without items (expected {items, totalCount})",
                    parser.currentLocation()) { };
        }
        return new PageResult(count[0], totalCount, false, false);
    }

    /** Hands over each element of the array the parser is in, counting them; false if the sink asked to stop. */
    private boolean elements(JsonParser parser, long[] count, CustomerSink sink) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new JsonProcessingException("the customer array ends early", parser.currentLocation()) { };
            }
            JsonNode customer = customerReader.readValue(parser);
            count[0]++;
            if (!sink.accept(customer)) {
                return false;
            }
        }
        return true;
    }
}
