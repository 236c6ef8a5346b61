/**
 * Mail: the transactional outbox ({@code Outbox} queues a mail in the transaction of its cause,
 * {@code OutboxRelay} claims due rows with {@code FOR UPDATE SKIP LOCKED}, sends and retries), the SMTP transport
 * (Angus Mail), the templates of every mail and the mail settings.
 */
package dev.portalsuite.auth.mail;
