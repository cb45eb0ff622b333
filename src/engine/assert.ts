// Assertions that stay on in production (TigerStyle): a broken invariant stops the run with a clear
// message instead of producing wrong numbers. The CLI maps these to exit code 3.

export class SimulationAssertionError extends Error {
  override readonly name = 'SimulationAssertionError';
}

/** A run stopped because it hit a configured limit (e.g. `maxEvents`); exit code 3. */
export class SimulationLimitError extends Error {
  override readonly name = 'SimulationLimitError';
}

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) {
    throw new SimulationAssertionError(typeof message === 'string' ? message : message());
  }
}
