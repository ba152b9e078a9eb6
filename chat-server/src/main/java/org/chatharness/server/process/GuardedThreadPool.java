package org.chatharness.server.process;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's thread pool, except that a job failing with an {@link OutOfMemoryError} ends the process
 * ({@link OutOfMemoryExit}): Jetty would log it and carry on with a heap that serves nobody.
 */
public final class GuardedThreadPool extends QueuedThreadPool {

  @Override
  protected void onJobFailure(Throwable failure) {
    OutOfMemoryExit.onFailure(failure);
    super.onJobFailure(failure);
  }
}
