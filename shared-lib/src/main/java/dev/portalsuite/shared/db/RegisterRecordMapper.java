package dev.portalsuite.shared.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jdbi.v3.core.extension.annotation.UseExtensionConfigurer;

/**
 * Jdbi's {@code @RegisterConstructorMapper} for the suite's DAOs: maps rows to a record through its constructor, by
 * column name, and remembers how for each column list ({@link RecordMapper}) instead of working it out again for
 * every statement.
 */
@UseExtensionConfigurer(RecordMapper.Registration.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RegisterRecordMappers.class)
public @interface RegisterRecordMapper {
    /** The record (or class with one constructor) a row becomes. */
    Class<?> value();
}
