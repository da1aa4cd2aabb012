package io.middlewaretrace.autoconfigure.snapshot;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import io.middlewaretrace.autoconfigure.BodyCaptureLimit;
import io.middlewaretrace.autoconfigure.stage.StageTraceAutoConfiguration;
import io.middlewaretrace.snapshot.NotableRequestSnapshotter;
import io.middlewaretrace.snapshot.Redactor;
import io.middlewaretrace.snapshot.SnapshotFactory;
import io.middlewaretrace.stage.StageTraceRecorder;

/**
 * Auto-configuration of request snapshots: the {@link Redactor} built from
 * {@code middleware.snapshot.*}, and the {@link NotableRequestSnapshotter} that attaches a redacted
 * snapshot to the record of every slow, failed or anomalous request. The starter's filter
 * captures body prefixes while they stream (up to {@code middleware.snapshot.max-body-size}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = StageTraceAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "middleware.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "middleware.snapshot.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SnapshotProperties.class)
public class SnapshotAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Redactor middlewareRedactor(SnapshotProperties properties) {
		return new Redactor(properties.getRedactHeaders(), properties.getRedactParameters(),
				properties.getRedactBodyFields());
	}

	@Bean
	BodyCaptureLimit middlewareSnapshotBodyCaptureLimit(SnapshotProperties properties) {
		return new BodyCaptureLimit("middleware.snapshot.max-body-size", properties.getMaxBodySize());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(StageTraceRecorder.class)
	NotableRequestSnapshotter middlewareRequestSnapshotter(Redactor redactor, StageTraceRecorder recorder) {
		return new NotableRequestSnapshotter(recorder::isNotable, new SnapshotFactory(redactor));
	}

}
