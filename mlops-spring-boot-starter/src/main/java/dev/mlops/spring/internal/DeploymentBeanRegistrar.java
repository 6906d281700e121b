package dev.mlops.spring.internal;

import dev.mlops.core.alert.AlertDispatcher;
import dev.mlops.core.alert.FleetAlerts;
import dev.mlops.core.lifecycle.LifecycleController;
import dev.mlops.core.monitor.ModelMonitor;
import dev.mlops.spring.DeploymentProperties;
import dev.mlops.spring.ManagedDeployment;
import dev.mlops.spring.MlopsProperties;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers, for each {@code mlops.deployments.NAME}, the bean {@code NAME} (a {@link
 * ManagedDeployment}) and, as its properties ask, {@code NAMEMonitor}, {@code NAMEAlerts}, {@code
 * NAMEFleetAlerts} (with {@code mlops.monitoring.store}) and {@code NAMELifecycle}. A name the
 * application already uses for a bean of its own is left to it: auto-configuration is registered
 * after the application's configuration, so its definitions are there to see.
 */
public final class DeploymentBeanRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

  /** The attribute that marks a bean definition as the starter's. */
  public static final String MANAGED = "dev.mlops.spring.managed";

  private static final Logger LOG = LoggerFactory.getLogger(DeploymentBeanRegistrar.class);

  private @Nullable Environment environment;
  private @Nullable BeanFactory beanFactory;

  /** Created by the context. */
  public DeploymentBeanRegistrar() {}

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    this.beanFactory = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata,
      BeanDefinitionRegistry registry) {
    Binder binder = Binder.get(Objects.requireNonNull(environment));
    Map<String, DeploymentProperties> deployments = binder
        .bind("mlops.deployments", Bindable.mapOf(String.class, DeploymentProperties.class))
        .orElse(Map.of());
    // Read here, not from MlopsProperties: bean definitions are registered before it is bound.
    MlopsProperties.StoreKind store = binder
        .bind("mlops.monitoring.store", MlopsProperties.StoreKind.class)
        .orElse(MlopsProperties.StoreKind.NONE);
    deployments.forEach((name, p) -> {
      register(registry, name, ManagedDeployment.class, b -> b.deployment(name), "close");
      if (p.monitoring().enabled()) {
        register(registry, name + MlopsBeans.MONITOR, ModelMonitor.class, b -> b.monitor(name),
            "close");
        if (p.alerts().enabled() && MlopsBeans.hasRules(p.alerts())) {
          register(registry, name + MlopsBeans.ALERTS, AlertDispatcher.class,
              b -> b.alerts(name), "close");
          if (store != MlopsProperties.StoreKind.NONE) {
            register(registry, name + MlopsBeans.FLEET_ALERTS, FleetAlerts.class,
                b -> b.fleetAlerts(name), "close");
          }
        }
      }
      if (p.lifecycle().enabled()) {
        register(registry, name + MlopsBeans.LIFECYCLE, LifecycleController.class,
            b -> b.lifecycle(name), "close");
      }
    });
  }

  private <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type,
      Function<MlopsBeans, T> create, String destroyMethod) {
    if (registry.containsBeanDefinition(name)) {
      LOG.debug("The application defines the bean '{}'; mlops properties do not create it", name);
      return;
    }
    RootBeanDefinition definition = new RootBeanDefinition(type,
        () -> create.apply(Objects.requireNonNull(beanFactory).getBean(MlopsBeans.class)));
    definition.setDestroyMethodName(destroyMethod);
    definition.setAttribute(MANAGED, Boolean.TRUE);
    registry.registerBeanDefinition(name, definition);
  }
}
