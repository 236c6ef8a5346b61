/**
 * Database bootstrap for one service's schema: HikariCP pool, Flyway migrations from
 * {@code db/migration/<schema>}, Jdbi; plus {@code DatabaseErrors}, which tells "database unavailable" (503) and
 * constraint violations from bugs.
 */
package dev.portalsuite.shared.db;
