package dev.portalsuite.portal.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalsuite.portal.PortalUnderTest;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statements that decide what a user sees (the feed, the unread count, marking read) find a user's notifications
 * through the audience indexes, not by reading every notification: with many customers the table is large and a
 * user sees few of its rows. Checked on PostgreSQL's generic plan (the one a prepared statement settles on, planned
 * without the values), over 30,000 notifications of which the user sees a handful. No timing is asserted.
 */
class NotificationQueryPlansIT {
    @RegisterExtension
    static final PortalUnderTest server = new PortalUnderTest();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String mspId;

    @BeforeAll
    static void manyNotificationsOfOthers() {
        JsonNode mssp = server.createOrg("MSSP", "Plans MSSP", null);
        JsonNode msp = server.createOrg("MSP", "Plans MSP", mssp);
        mspId = msp.get("id").asText();
        server.notify(JSON.createObjectNode().put("orgId", mspId), "to the MSP");
        server.jdbi().useHandle(handle -> {
            handle.execute("""
                    INSERT INTO notifications (id, audience_user_id, type, title, message, created_at, created_by)
                    SELECT gen_random_uuid(), gen_random_uuid(), 'info', 'for someone else', 'm',
                           now() - g * interval '1 second', 'test'
                    FROM generate_series(1, 30000) AS g
                    """);
            handle.execute("ANALYZE notifications");
        });
    }

    @Test
    void theFeedTheCountAndMarkingReadUseTheAudienceIndexes() {
        Map<String, String> statements = new LinkedHashMap<>();
        for (Method method : NotificationDao.class.getMethods()) {
            SqlQuery query = method.getAnnotation(SqlQuery.class);
            SqlUpdate update = method.getAnnotation(SqlUpdate.class);
            String sql = query != null ? query.value() : update != null ? update.value() : "";
            if (sql.contains(NotificationDao.VISIBLE)) {
                statements.put(method.getName(), sql);
            }
        }
        assertThat(statements).containsKeys("list", "count", "countVisible", "markAllRead");

        statements.forEach((name, sql) -> {
            String plan = genericPlan(sql);
            assertThat(plan).as("%s: %s", name, plan).doesNotContain("Seq Scan on notifications");
            if (!name.equals("countVisible")) { // that one starts from the ids it is given (the primary key)
                assertThat(plan).as("%s: %s", name, plan)
                        .contains("notifications_user_idx", "notifications_org_idx", "notifications_role_idx");
            }
        });
    }

    /**
     * PostgreSQL's generic plan of a Jdbi statement: prepared with its {@code :names} as {@code $n} parameters, planned
     * without their values ({@code plan_cache_mode = force_generic_plan}), explained for a member of the MSP.
     */
    private static String genericPlan(String jdbiSql) {
        Map<String, String> values = Map.of("userId", "'" + java.util.UUID.randomUUID() + "'", "orgId",
                "'" + mspId + "'", "roles", "'{msp}'", "unreadOnly", "true",
                "limit", "50", "offset", "0", "ids", "ARRAY['" + java.util.UUID.randomUUID() + "']::uuid[]",
                "now", "now()");
        Matcher names = Pattern.compile("(?<!:):([A-Za-z]+)").matcher(jdbiSql);
        List<String> order = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        while (names.find()) {
            if (!order.contains(names.group(1))) {
                order.add(names.group(1));
            }
            names.appendReplacement(sql, "\\$" + (order.indexOf(names.group(1)) + 1));
        }
        names.appendTail(sql);
        List<String> arguments = order.stream().map(name -> {
            assertThat(values).as("a value for :" + name).containsKey(name);
            return values.get(name);
        }).toList();
        // the pooled connection is left as it was: the statement deallocated, the setting reset (not DEALLOCATE ALL,
        // which would drop the JDBC driver's own prepared statements on that connection)
        return server.jdbi().withHandle(handle -> {
            handle.execute("SET plan_cache_mode = force_generic_plan");
            try {
                handle.execute("PREPARE plan_check AS " + sql);
                try {
                    return String.join("\n", handle.createQuery("EXPLAIN EXECUTE plan_check("
                            + String.join(", ", arguments) + ")").mapTo(String.class).list());
                } finally {
                    handle.execute("DEALLOCATE plan_check");
                }
            } finally {
                handle.execute("RESET plan_cache_mode");
            }
        });
    }
}
