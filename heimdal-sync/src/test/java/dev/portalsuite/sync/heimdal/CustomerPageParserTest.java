package dev.portalsuite.sync.heimdal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portalsuite.shared.json.Json;
import dev.portalsuite.sync.heimdal.CustomerPageParser.PageResult;
import dev.portalsuite.sync.net.SyncFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CustomerPageParserTest {
    private final CustomerPageParser parser = new CustomerPageParser(Json.newObjectMapper());
    private final List<String> customers = new ArrayList<>();

    private PageResult parse(String body) throws IOException {
        return parse(body, Integer.MAX_VALUE);
    }

    /** Parses page 3; the sink asks to stop after {@code stopAfter} customers. */
    private PageResult parse(String body, int stopAfter) throws IOException {
        return parser.parse(stream(body.replace('\'', '"')), 3, customer -> {
            customers.add(customer.toString().replace('"', '\''));
            return customers.size() < stopAfter;
        });
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void envelopeWithTotalCount() throws IOException {
        assertThat(parse("{'items':[{'customerId':'a'},{'customerId':'b'}],'totalCount':5}"))
                .isEqualTo(new PageResult(2, 5L, false, false));
        assertThat(customers).containsExactly("{'customerId':'a'}", "{'customerId':'b'}");
    }

    @Test
    void totalCountMayComeFirstOrAsAString() throws IOException {
        assertThat(parse("{'totalCount':'12','items':[{'id':1}]}")).isEqualTo(new PageResult(1, 12L, false, false));
        assertThat(customers).containsExactly("{'id':1}");
    }

    @Test
    void envelopeWithoutTotalCount() throws IOException {
        assertThat(parse("{'items':[{'id':1}]}")).isEqualTo(new PageResult(1, null, false, false));
        assertThat(parse("{'items':[],'totalCount':null}")).isEqualTo(new PageResult(0, null, false, false));
        assertThat(parse("{'items':null}")).isEqualTo(new PageResult(0, null, false, false));
    }

    @Test
    void plainArrayHandsOverEveryElementEvenThoseThatAreNoObjects() throws IOException {
        assertThat(parse("[{'customerId':'a'},{'customerId':'b'},3]")).isEqualTo(new PageResult(3, null, true, false));
        assertThat(customers).containsExactly("{'customerId':'a'}", "{'customerId':'b'}", "3");
        assertThat(parse("[]")).isEqualTo(new PageResult(0, null, true, false));
    }

    @Test
    void fieldNamesMatchIgnoringCaseUnderscoresAndDashes() throws IOException {
        assertThat(parse("{'ITEMS':[{'id':1}],'Total_Count':' 9 '}")).isEqualTo(new PageResult(1, 9L, false, false));
        assertThat(parse("{'Items':[{'id':2}],'total-count':7}")).isEqualTo(new PageResult(1, 7L, false, false));
        assertThat(customers).containsExactly("{'id':1}", "{'id':2}");
    }

    @Test
    void unknownFieldsAndASecondItemsAreIgnored() throws IOException {
        assertThat(parse("{'page':{'n':[1,2]},'items':[{'id':1}],'items':[{'id':2}],'next':null}"))
                .isEqualTo(new PageResult(1, null, false, false));
        assertThat(customers).containsExactly("{'id':1}");
    }

    @Test
    void aSinkThatStopsEndsThePageWithoutReadingTheRest() throws IOException {
        assertThat(parse("{'items':[{'id':1},{'id':2}],'totalCount':2} not read", 1))
                .isEqualTo(new PageResult(1, null, false, true));
        assertThat(parse("[{'id':3},{'id':4}] not read", 2)).isEqualTo(new PageResult(1, null, true, true));
        assertThat(customers).containsExactly("{'id':1}", "{'id':3}");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "expected a JSON array of customers or an object with items, got an empty body at line 1, column 1"),
                Arguments.of("'x'", "expected a JSON array of customers or an object with items, got VALUE_STRING at line 1, column 2"),
                Arguments.of("true", "expected a JSON array of customers or an object with items, got true at line 1, column 5"),
                Arguments.of("{'items':5}", "items is not an array at line 1, column 11"),
                Arguments.of("{'items':[],'totalCount':1.5}", "totalCount is not a whole number at line 1, column 29"),
                Arguments.of("{'items':[],'totalCount':'1234567890123456'}", "totalCount is not a whole number at line 1, column 44"),
                Arguments.of("{'foo':1}", "a JSON object without items (expected {items, totalCount}) at line 1, column 10"),
                Arguments.of("[] []", "unexpected content after the customers at line 1, column 5"),
                Arguments.of("{not json}", "Unexpected character ('n' (code 110)): was expecting double-quote to start field name"
                        + " at line 1, column 2"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedJsonFailsTheRun(String body, String problem) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(SyncFailure.class)
                .hasMessage("Heimdal page 3 is not the expected JSON (" + problem
                        + "); the run stops and nothing is deactivated")
                .hasCauseInstanceOf(JsonProcessingException.class);
    }

    @Test
    void customersBeforeTheBrokenPartWereAlreadyHandedOver() {
        assertThatThrownBy(() -> parse("[{'a':1}\n,{'b':}]"))
                .isInstanceOf(SyncFailure.class)
                .hasMessageContaining("at line 2, column 7");
        assertThat(customers).containsExactly("{'a':1}");
    }

    @Test
    void aBrokenStreamIsAnIOExceptionSoThePageCanBeRequestedAgain() {
        InputStream breaksOff = new SequenceInputStream(stream("[{\"id\":1},{\"id\""), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        assertThatThrownBy(() -> parser.parse(breaksOff, 3, customer -> customers.add(customer.toString())))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("connection reset");
        assertThat(customers).containsExactly("{\"id\":1}");
    }
}
