package io.github.mcpoauth.jpa;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back what Hibernate ORM caches inside the annotation types of our entities when the store
 * closes. Its binder keeps a {@link ClassValue} about each mapping annotation it reads ({@code
 * BinderHelper}'s cache of dialect overrides), and a {@code ClassValue} stores its value inside the
 * class it describes. Where the container provides the Persistence API (WildFly's own {@code
 * jakarta.persistence} module), those annotation classes outlive the application, and each cached
 * value, a Hibernate object, would keep the undeployed application's class loader alive: one dead
 * loader per redeploy. Where the API sits in the application's own {@code WEB-INF/lib}, removing
 * the values changes nothing. A Hibernate without that cache is left alone.
 */
final class HibernateClassValues {

    private static final Logger LOG = LoggerFactory.getLogger(HibernateClassValues.class);
    private static final String BINDER = "org.hibernate.boot.model.internal.BinderHelper";

    private HibernateClassValues() {
    }

    /** Removes the binder's cached values for every annotation type on {@code mapped} and their members. */
    static void release(Collection<Class<?>> mapped) {
        release(BINDER, mapped);
    }

    /** Removes what the static {@code ClassValue}s of {@code holder} keep about the annotations of {@code mapped}. */
    static void release(String holder, Collection<Class<?>> mapped) {
        Set<Class<? extends Annotation>> annotations = annotationTypes(mapped);
        for (ClassValue<?> cache : staticClassValues(holder)) {
            annotations.forEach(cache::remove);
        }
    }

    static Set<Class<? extends Annotation>> annotationTypes(Collection<Class<?>> mapped) {
        Set<Class<? extends Annotation>> types = new LinkedHashSet<>();
        for (Class<?> type : mapped) {
            Stream.of(Stream.<AnnotatedElement>of(type), Stream.of(type.getDeclaredFields()),
                            Stream.of(type.getDeclaredMethods()))
                    .flatMap(s -> s)
                    .flatMap(element -> Stream.of(element.getDeclaredAnnotations()))
                    .forEach(annotation -> types.add(annotation.annotationType()));
        }
        return types;
    }

    /** The binder's caches this class releases; empty when Hibernate keeps none there (any more). */
    static Set<ClassValue<?>> binderCaches() {
        return staticClassValues(BINDER);
    }

    /** The static {@code ClassValue} fields of {@code className}; none when it is absent or closed to us. */
    private static Set<ClassValue<?>> staticClassValues(String className) {
        Set<ClassValue<?>> caches = new LinkedHashSet<>();
        try {
            Class<?> holder = Class.forName(className, false, HibernateClassValues.class.getClassLoader());
            for (Field field : holder.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ClassValue.class.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    caches.add((ClassValue<?>) field.get(null));
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("Cannot release Hibernate's annotation caches in {}: {}", className, e.toString());
        }
        return caches;
    }
}
