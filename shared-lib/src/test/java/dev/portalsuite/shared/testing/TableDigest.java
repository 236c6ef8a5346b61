package dev.portalsuite.shared.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Row count and a digest of the content of tables: equal before and after means a request wrote nothing. */
public final class TableDigest {
    private TableDigest() {
    }

    public static Map<String, String> of(Jdbi jdbi, List<String> tables) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String table : tables) {
            if (!table.matches("[a-z_]+")) {
                throw new IllegalArgumentException("not a table name: " + table);
            }
            state.put(table, jdbi.withHandle(h -> h.createQuery(
                            "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM "
                                    + table + " t")
                    .mapTo(String.class).one()));
        }
        return state;
    }
}
