package io.middlewaretrace.testapp;

import java.util.List;

import io.middlewaretrace.leak.StackFrames;

/**
 * An application class that captures its caller's frames, for the stack-trimming tests.
 */
public final class StackBorrower {

	public List<String> borrow() {
		return StackFrames.of(StackFrames.capture(), 6);
	}

}
