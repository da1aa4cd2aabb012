package io.middlewaretrace.testapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * A {@code MockMvc} bean in a Spring Boot test, with the application's filters:
 * {@code @AutoConfigureMockMvc} of Spring Boot 4. Each line's test tree has its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@AutoConfigureMockMvc
public @interface WithMockMvc {

}
