/**
 * Database bootstrap for one service's schema: HikariCP pool, Flyway migrations from
 * {@code db/migration/<schema>}, Jdbi; plus {@code DatabaseErrors}, which tells "database unavailable" (503) and
 * constraint violations from bugs. The Jdbi of {@code Database} attaches DAOs through {@code LazySqlObjects} and
 * remembers argument factories per type ({@code RememberedArguments}); DAOs map rows to records with
 * {@code @RegisterRecordMapper} — all three keep Jdbi's per-statement work off the hot path (issue 14).
 */
package dev.portalsuite.shared.db;
