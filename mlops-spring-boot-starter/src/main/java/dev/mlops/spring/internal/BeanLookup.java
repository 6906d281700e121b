package dev.mlops.spring.internal;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Looks up the beans a starter bean is built from, and records each as a dependency, so that the
 * context destroys the starter bean first: a deployment before its monitor, a monitor before its
 * alerts, everything before the registry.
 */
final class BeanLookup {

  private final ConfigurableListableBeanFactory factory;

  BeanLookup(ConfigurableListableBeanFactory factory) {
    this.factory = factory;
  }

  /** The only bean of a type, which {@code dependent} needs; fails naming the type. */
  <T> T require(String dependent, Class<T> type, String hint) {
    String[] names = factory.getBeanNamesForType(type);
    if (names.length != 1) {
      throw new IllegalStateException("The mlops bean '" + dependent + "' needs one bean of type "
          + type.getName() + " but the context has " + names.length
          + (names.length == 0 ? "; " + hint : ": " + String.join(", ", names)));
    }
    return named(dependent, names[0], type);
  }

  /** The bean of a name, which {@code dependent} needs. */
  <T> T named(String dependent, String name, Class<T> type) {
    T bean = factory.getBean(name, type);
    factory.registerDependentBean(name, dependent);
    return bean;
  }

  /** The bean of a name if there is one of that type, else null. */
  <T> @Nullable T optionalNamed(String dependent, String name, Class<T> type) {
    if (!factory.containsBean(name) || !factory.isTypeMatch(name, type)) {
      return null;
    }
    return named(dependent, name, type);
  }

  /** The only bean of a type if there is exactly one, without recording a dependency. */
  <T> @Nullable T unique(Class<T> type) {
    return factory.getBeanProvider(type).getIfUnique();
  }

  /** Every bean of a type, in the context's order. */
  <T> List<T> beansOfType(Class<T> type) {
    return factory.getBeanProvider(type).orderedStream().toList();
  }

  /** Any bean by name, which {@code dependent} needs. */
  Object named(String dependent, String name) {
    Objects.requireNonNull(name, "name");
    Object bean = factory.getBean(name);
    factory.registerDependentBean(name, dependent);
    return bean;
  }
}
