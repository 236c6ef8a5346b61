package dev.portalsuite.shared.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The organisation types of the MSSP → MSP → Client hierarchy, as carried in the {@code orgType} claim. */
public enum OrgType {
    MSSP, MSP, CLIENT;

    /** The claim and API values: {@code MSSP}, {@code MSP}, {@code CLIENT}. */
    public static final Set<String> NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
}
