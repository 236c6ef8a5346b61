package dev.portalsuite.auth.mfa;

import java.util.List;

/** Recovery codes, shown this once. */
public record RecoveryCodesResponse(List<String> recoveryCodes) {
    @Override
    public String toString() {
        return "RecoveryCodesResponse[" + recoveryCodes.size() + " codes]";
    }
}
