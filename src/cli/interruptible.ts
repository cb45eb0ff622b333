// Drives a run given as steps (runBuiltSteps: one step per slice of virtual time), yielding to the event
// loop between steps so that a signal handler (signals.ts) can remove the partial output at once.

/** Runs the steps to the end, letting the event loop turn between them. */
export async function drive<T>(steps: Generator<void, T, void>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
