package dev.portalsuite.portal.org;

import dev.portalsuite.portal.scope.ScopedCaller;
import dev.portalsuite.portal.sync.SourceName;
import dev.portalsuite.shared.web.ApiException;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A {@link CreateOrgRequest} that passed validation; {@code parentId} is not looked up yet. */
record NewOrg(String type, String name, UUID parentId, String licenseType, boolean splaLicense, int purchasedLicenses,
              int activeLicenses, int devices, String externalSource, String externalId) {
    /** 400 with every field error; 403 when a non-admin sets an external reference. */
    static NewOrg from(ScopedCaller caller, CreateOrgRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String type = Inputs.oneOf(request.type(), "type", OrgService.TYPES, true, errors);
        String name = Inputs.text(request.name(), "name", 200, true, errors);
        String licenseType = Inputs.text(request.licenseType(), "licenseType", 100, false, errors);
        int purchased = Inputs.count(request.purchasedLicenses(), "purchasedLicenses", 0, errors);
        int active = Inputs.count(request.activeLicenses(), "activeLicenses", 0, errors);
        int devices = Inputs.count(request.devices(), "devices", 0, errors);
        String externalSource = null;
        String externalId = null;
        if (request.externalSource() != null || request.externalId() != null) {
            if (!caller.isAdmin()) {
                throw ApiException.forbidden("Only administrators may set externalSource and externalId.");
            }
            externalSource = Inputs.text(request.externalSource(), "externalSource", 50, true, errors);
            externalId = Inputs.text(request.externalId(), "externalId", 200, true, errors);
            if (externalSource != null && !SourceName.isValid(externalSource)) {
                errors.add(new FieldError("externalSource", "must be lower-case letters, digits, '-' or '_'"));
            }
        }
        if ("MSSP".equals(type) && request.parentId() != null) {
            errors.add(new FieldError("parentId", "must be absent: an MSSP has no parent"));
        } else if (type != null && !"MSSP".equals(type) && request.parentId() == null) {
            errors.add(new FieldError("parentId", "is required for an " + type));
        }
        Inputs.throwIfAny(errors);
        return new NewOrg(type, name, request.parentId(), licenseType, Boolean.TRUE.equals(request.splaLicense()),
                purchased, active, devices, externalSource, externalId);
    }
}
