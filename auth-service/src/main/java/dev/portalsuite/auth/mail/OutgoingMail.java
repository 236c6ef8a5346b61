package dev.portalsuite.auth.mail;

/**
 * A mail to one person, ready to be queued.
 *
 * @param kind          what it is about ({@code password_reset}, {@code invite}, ...), for metrics and support
 * @param recipient     a normalised, validated email address
 * @param recipientName shown in the To header (made one line there), or null
 */
public record OutgoingMail(String kind, String recipient, String recipientName, Letter letter) {
}
