package io.middlewaretrace.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.context.ContextSnapshotFactory;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;

import io.middlewaretrace.context.DefaultRequestContext;
import io.middlewaretrace.context.RequestContextTaskDecorator;
import io.middlewaretrace.context.TaskTracker;

/**
 * Carries the request context (trace, deadline) into every executor Spring Boot's task executor
 * builders make: the {@code applicationTaskExecutor} behind {@code @Async} and Spring MVC's
 * async requests, on platform or virtual threads, and the application's own executors built
 * from the same builders. The application's {@link TaskDecorator} beans keep applying, all of
 * them, inside the starter's. A {@link TaskTracker} bean (the starter's task leak diagnostics)
 * is told about every task decorated on a request's behalf.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ContextSnapshotFactory.class, ThreadPoolTaskExecutorBuilder.class })
@ConditionalOnBooleanProperty(name = "middleware.tasks.propagate-context", matchIfMissing = true)
class TaskContextConfiguration {

	@Bean
	static BeanPostProcessor middlewareTaskExecutorBuilderPostProcessor(ObjectProvider<TaskDecorator> decorators,
			ObjectProvider<TaskTracker> trackers) {
		return new TaskExecutorBuilderPostProcessor(decorators, trackers);
	}

	/**
	 * Gives Boot's executor builders a decorator that wraps the application's decorators in the
	 * starter's. Boot itself applies an application decorator only when it is the single
	 * {@link TaskDecorator} bean; here every one applies, in order.
	 */
	static final class TaskExecutorBuilderPostProcessor implements BeanPostProcessor {

		private final ObjectProvider<TaskDecorator> decorators;

		private final ObjectProvider<TaskTracker> trackers;

		TaskExecutorBuilderPostProcessor(ObjectProvider<TaskDecorator> decorators,
				ObjectProvider<TaskTracker> trackers) {
			this.decorators = decorators;
			this.trackers = trackers;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
			if (bean instanceof ThreadPoolTaskExecutorBuilder builder) {
				return builder.taskDecorator(decorator());
			}
			if (bean instanceof SimpleAsyncTaskExecutorBuilder builder) {
				return builder.taskDecorator(decorator());
			}
			return bean;
		}

		private TaskDecorator decorator() {
			List<TaskDecorator> all = new ArrayList<>(this.decorators.orderedStream().toList());
			// the last decorator wraps the others: the application's decorators run with the
			// request context already in place
			all.add(new RequestContextTaskDecorator(new LazyTaskTracker(this.trackers)));
			return (all.size() == 1) ? all.get(0) : new CompositeTaskDecorator(all);
		}

	}

	/**
	 * Looks the tracker up when the first task is submitted rather than when the executor
	 * builder is made, so that the tracker's own dependencies (metrics) are not created early,
	 * before every post-processor is ready.
	 */
	static final class LazyTaskTracker implements TaskTracker {

		private final ObjectProvider<TaskTracker> trackers;

		private volatile TaskTracker tracker;

		LazyTaskTracker(ObjectProvider<TaskTracker> trackers) {
			this.trackers = trackers;
		}

		@Override
		public Task track(DefaultRequestContext submitter, Runnable task) {
			TaskTracker tracker = this.tracker;
			if (tracker == null) {
				tracker = this.trackers.getIfAvailable(() -> (context, runnable) -> null);
				this.tracker = tracker;
			}
			return tracker.track(submitter, task);
		}

	}

}
