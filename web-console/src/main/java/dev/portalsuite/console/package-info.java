/**
 * web-console: the composition root {@code ConsoleApp} (wires every page package, {@code main}) and its typed
 * configuration {@code ConsoleConfig}. The console renders HTML and calls the three services' APIs server-side; it
 * has no API of its own.
 */
package dev.portalsuite.console;
