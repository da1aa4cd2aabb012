package io.middlewaretrace.benchmarks;

import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM: how {@code benchmarks/paired.sh} starts and stops
 * async-profiler in the apps it measures ({@code PROFILER=/path/libasyncProfiler.so}), after
 * their warm-up. {@code jcmd <pid> JVMTI.agent_load} splits the agent's options at the commas.
 * <p>
 * Usage: {@code java -cp benchmarks.jar io.middlewaretrace.benchmarks.ProfilerAttach <pid>
 * <agent library> <agent options>}
 */
public final class ProfilerAttach {

	private ProfilerAttach() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			System.err.println("usage: ProfilerAttach <pid> <agent library> <agent options>");
			System.exit(2);
		}
		VirtualMachine vm = VirtualMachine.attach(args[0]);
		try {
			vm.loadAgentPath(args[1], args[2]);
		}
		finally {
			vm.detach();
		}
	}

}
