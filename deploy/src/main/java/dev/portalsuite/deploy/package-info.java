/**
 * The local suite launcher ({@code java -jar portal-suite.jar}): an embedded PostgreSQL with a persistent data
 * directory, every service through its composition root, the demo data, and nginx in front when it is installed.
 */
package dev.portalsuite.deploy;
