package dev.mlops.spring.internal;

import dev.mlops.core.lifecycle.LifecycleController;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the lifecycle controllers the starter created once the context is refreshed, and stops
 * them (waiting for a cycle in progress) when it closes, before any deployment, monitor or
 * registry is destroyed. Controllers the application defines itself are its own to start.
 */
public final class LifecycleRunner implements SmartLifecycle {

  private final ConfigurableListableBeanFactory factory;
  private final List<LifecycleController> started = new ArrayList<>();
  private volatile boolean running;

  /**
   * Creates the runner.
   *
   * @param factory the context's bean factory
   */
  public LifecycleRunner(ConfigurableListableBeanFactory factory) {
    this.factory = factory;
  }

  @Override
  public synchronized void start() {
    for (String name : factory.getBeanNamesForType(LifecycleController.class)) {
      if (factory.containsBeanDefinition(name)
          && Boolean.TRUE.equals(factory.getBeanDefinition(name)
              .getAttribute(DeploymentBeanRegistrar.MANAGED))) {
        LifecycleController controller = factory.getBean(name, LifecycleController.class);
        controller.start();
        started.add(controller);
      }
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    for (LifecycleController controller : started) {
      controller.stop();
    }
    started.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
