package dev.portalsuite.shared.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionConfigurer;

/** Several {@link RegisterRecordMapper}s on one DAO or method. */
@UseExtensionConfigurer(RecordMapper.Registrations.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RegisterRecordMappers {
    RegisterRecordMapper[] value();
}
