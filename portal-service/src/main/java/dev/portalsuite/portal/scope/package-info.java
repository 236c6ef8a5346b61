/**
 * Which organisations a caller may see: the shared {@code Caller} with its organisation read from the database
 * ({@code ScopedCaller}, built by {@code OrgRefs}), and {@code Scope}, the SQL predicate (everything, nothing, or
 * one organisation's subtree) every query applies.
 */
package dev.portalsuite.portal.scope;
