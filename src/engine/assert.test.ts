// The run-stopping errors the CLI maps to exit code 3 (src/cli/main.ts): their names are what a log or a
// stack trace prints, so a limit and a broken invariant can be told apart there.
import { describe, expect, it } from 'vitest';
import { assert, SimulationAssertionError, SimulationLimitError } from './assert.js';

describe('assert', () => {
  it('passes on a truthy condition without building the message', () => {
    let built = 0;
    assert(1, () => `never ${++built}`);
    expect(built).toBe(0);
  });

  it('throws SimulationAssertionError with a string or a lazily built message', () => {
    const caught = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return e as Error;
      }
      throw new Error('no throw');
    };
    const a = caught(() => assert(false, 'plain message'));
    expect(a).toBeInstanceOf(SimulationAssertionError);
    expect(a.name).toBe('SimulationAssertionError');
    expect(a.message).toBe('plain message');
    const b = caught(() => assert(0, () => 'built message'));
    expect(b.message).toBe('built message');
  });

  it('SimulationLimitError is named for the CLI', () => {
    expect(new SimulationLimitError('x').name).toBe('SimulationLimitError');
  });
});
