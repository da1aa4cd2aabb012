package io.middlewaretrace.web;

import java.io.Serializable;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.ErrorResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailTraceIdAdviceTests {

	private final ProblemDetailTraceIdAdvice advice = new ProblemDetailTraceIdAdvice();

	@Test
	void isCalledForEveryReturnTypeThatCanCarryAProblemDetail() throws Exception {
		assertThat(supports("problem")).isTrue();
		assertThat(supports("object")).isTrue();
		assertThat(supports("serializable")).isTrue();
		assertThat(supports("entity")).isTrue();
		assertThat(supports("errorResponse")).isTrue();
		assertThat(supports("optionalProblem")).isTrue();
	}

	@Test
	void isCalledForAnApplicationsSubclassOfProblemDetail() throws Exception {
		assertThat(supports("outOfCredit")).isTrue();
	}

	@Test
	void isNotCalledForBodiesThatCannotBeAProblemDetail() throws Exception {
		assertThat(supports("text")).isFalse();
		assertThat(supports("bytes")).isFalse();
		assertThat(supports("owner")).isFalse();
		assertThat(supports("optionalOwner")).isFalse();
	}

	private boolean supports(String method) throws NoSuchMethodException {
		MethodParameter returnType = new MethodParameter(Handlers.class.getDeclaredMethod(method), -1);
		return this.advice.supports(returnType, MappingJackson2HttpMessageConverter.class);
	}

	@SuppressWarnings("unused")
	static class Handlers {

		ProblemDetail problem() {
			return ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
		}

		Object object() {
			return problem();
		}

		Serializable serializable() {
			return problem();
		}

		ResponseEntity<?> entity() {
			return ResponseEntity.of(problem()).build();
		}

		ErrorResponse errorResponse() {
			return ErrorResponse.create(new IllegalStateException(), HttpStatus.NOT_FOUND, "gone");
		}

		Optional<ProblemDetail> optionalProblem() {
			return Optional.of(problem());
		}

		OutOfCreditProblem outOfCredit() {
			return new OutOfCreditProblem();
		}

		String text() {
			return "pong";
		}

		byte[] bytes() {
			return new byte[0];
		}

		Owner owner() {
			return new Owner(1);
		}

		Optional<Owner> optionalOwner() {
			return Optional.of(owner());
		}

	}

	record Owner(long id) {
	}

	static class OutOfCreditProblem extends ProblemDetail {

		OutOfCreditProblem() {
			super(403);
		}

	}

}
