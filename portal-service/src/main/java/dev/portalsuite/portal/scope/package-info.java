/**
 * Which organisations a caller may see: the {@code Caller} with its organisation read from the database, and
 * {@code Scope}, the SQL predicate (everything, nothing, or one organisation's subtree) every query applies.
 */
package dev.portalsuite.portal.scope;
