/**
 * The one Jackson {@code ObjectMapper} configuration every service uses: ISO-8601 dates, strict about unknown
 * fields and mistyped scalars.
 */
package dev.portalsuite.shared.json;
