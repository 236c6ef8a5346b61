package dev.portalsuite.portal.org;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portalsuite.portal.scope.OrgRef;
import dev.portalsuite.shared.web.FieldError;
import dev.portalsuite.shared.web.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An {@link UpdateOrgRequest} that passed validation: null fields stay as they are, except that with
 * {@code licenseTypeGiven} a null {@code licenseType} clears it.
 */
record OrgEdit(String name, String status, boolean licenseTypeGiven, String licenseType, Boolean splaLicense,
               Integer purchasedLicenses, Integer activeLicenses, Integer devices) {
    /** @param moving the request gives {@code current} another parent */
    static OrgEdit from(UpdateOrgRequest request, OrgRef current, boolean moving) {
        List<FieldError> errors = new ArrayList<>();
        String name = Inputs.text(request.name(), "name", 200, false, errors);
        String status = Inputs.oneOf(request.status(), "status", OrgService.STATUSES, false, errors);
        JsonNode licenseNode = request.licenseType();
        String licenseType = null;
        if (licenseNode != null && !licenseNode.isNull()) {
            if (!licenseNode.isTextual()) {
                errors.add(new FieldError("licenseType", "must be a string or null"));
            } else {
                licenseType = Inputs.text(licenseNode.textValue(), "licenseType", 100, true, errors);
            }
        }
        Integer purchased = request.purchasedLicenses() == null ? null
                : Inputs.count(request.purchasedLicenses(), "purchasedLicenses", 0, errors);
        Integer active = request.activeLicenses() == null ? null
                : Inputs.count(request.activeLicenses(), "activeLicenses", 0, errors);
        Integer devices = request.devices() == null ? null : Inputs.count(request.devices(), "devices", 0, errors);
        if (request.name() == null && request.status() == null && licenseNode == null && request.splaLicense() == null
                && request.purchasedLicenses() == null && request.activeLicenses() == null && request.devices() == null
                && request.parentId() == null) {
            errors.add(new FieldError("name", "give at least one field to change"));
        }
        if (moving && current.type().equals("MSSP")) {
            errors.add(new FieldError("parentId", "an MSSP has no parent"));
        }
        if (moving && request.parentId().equals(current.id())) {
            errors.add(new FieldError("parentId", "an organisation cannot be its own parent"));
        }
        Inputs.throwIfAny(errors);
        return new OrgEdit(name, status, licenseNode != null, licenseType, request.splaLicense(), purchased, active,
                devices);
    }
}
