package dev.portalsuite.auth.client;

/** What a client presented at the token endpoint (from the form body or HTTP Basic). */
public record ClientCredentials(String clientId, String clientSecret) {
    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + "]";
    }
}
