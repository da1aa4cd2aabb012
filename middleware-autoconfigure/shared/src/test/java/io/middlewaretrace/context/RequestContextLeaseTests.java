package io.middlewaretrace.context;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RequestContextLeaseTests {

	private final DefaultRequestContext context = DefaultRequestContext.builder("GET").build();

	@Test
	void leasesStillAttachedAtTheEndAreToldOnceAndReleasedOnesAreNot() {
		RecordingLease returned = new RecordingLease("returned");
		RecordingLease kept = new RecordingLease("kept");
		RecordingLease alsoKept = new RecordingLease("alsoKept");
		this.context.attach(returned);
		this.context.attach(kept);
		this.context.attach(alsoKept);
		assertThat(this.context.openLeases()).isEqualTo(3);
		this.context.detach(returned);
		assertThat(this.context.openLeases()).isEqualTo(2);
		this.context.endLeases();
		this.context.endLeases();
		assertThat(returned.ended).isEmpty();
		assertThat(kept.ended).containsExactly(this.context);
		assertThat(alsoKept.ended).containsExactly(this.context);
		assertThat(this.context.openLeases()).isZero();
	}

	@Test
	void detachingInAnyOrderKeepsTheListIntact() {
		List<RecordingLease> leases = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			RecordingLease lease = new RecordingLease("lease" + i);
			leases.add(lease);
			this.context.attach(lease);
		}
		this.context.detach(leases.get(2));
		this.context.detach(leases.get(4));
		this.context.detach(leases.get(0));
		assertThat(this.context.openLeases()).isEqualTo(2);
		this.context.endLeases();
		assertThat(leases).filteredOn((lease) -> !lease.ended.isEmpty())
			.extracting((lease) -> lease.name)
			.containsExactlyInAnyOrder("lease1", "lease3");
	}

	@Test
	void aLeaseAttachedAfterTheRequestEndedIsToldAtOnce() {
		this.context.endLeases();
		RecordingLease late = new RecordingLease("late");
		this.context.attach(late);
		assertThat(late.ended).containsExactly(this.context);
		assertThat(this.context.openLeases()).isZero();
	}

	@Test
	void aDetachedLeaseCanBeAttachedAgainButNotTwice() {
		RecordingLease lease = new RecordingLease("lease");
		this.context.attach(lease);
		assertThatIllegalStateException().isThrownBy(() -> this.context.attach(lease));
		this.context.detach(lease);
		DefaultRequestContext other = DefaultRequestContext.builder("GET").build();
		other.attach(lease);
		this.context.detach(lease);
		assertThat(other.openLeases()).isEqualTo(1);
	}

	@Test
	void aFailingLeaseDoesNotKeepTheOthersFromBeingTold() {
		RecordingLease first = new RecordingLease("first");
		this.context.attach(first);
		this.context.attach(new Lease() {
			@Override
			protected void requestEnded(DefaultRequestContext context) {
				throw new IllegalStateException("boom");
			}
		});
		this.context.endLeases();
		assertThat(first.ended).containsExactly(this.context);
	}

	static final class RecordingLease extends Lease {

		final String name;

		final List<DefaultRequestContext> ended = new ArrayList<>();

		RecordingLease(String name) {
			this.name = name;
		}

		@Override
		protected void requestEnded(DefaultRequestContext context) {
			this.ended.add(context);
		}

	}

}
