package dev.airlock.net;

import dev.airlock.error.FetchException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import okhttp3.Call;

/**
 * The Ctrl-C state of one transport: once {@link #abort}ed, the calls in flight are cancelled and
 * {@link #check} fails every step that would start or continue a transfer.
 */
final class Cancellation {
  private volatile boolean aborted;
  /** Calls whose response may still be streaming; weak, so finished ones just go away. */
  private final Set<Call> calls = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  void abort() {
    aborted = true;
    synchronized (calls) {
      calls.forEach(Call::cancel); // also breaks off a body being read
    }
  }

  /** Notes a call that {@link #abort} must cancel. */
  void track(Call call) {
    calls.add(call);
  }

  /** Fails with "interrupted" once the run was aborted; {@code what} names the source. */
  void check(String what) {
    if (aborted) {
      throw new FetchException(what + ": interrupted");
    }
  }
}
