/**
 * {@code /dev/mailbox}, development only: the mails the local suite's mail catcher caught, with their links.
 * {@link dev.portalsuite.console.mailbox.Mailbox} is supplied by the local suite; without one the page does not exist.
 */
package dev.portalsuite.console.mailbox;
