// Named random streams: the one door through which randomness enters the simulation
// (FoundationDB/TigerBeetle discipline). Each component draws from its own stream, seeded from the
// root seed and the stream's name, so adding a stream never shifts another's draws. seedrandom's alea
// was measured fastest among the generators that pass the linear-complexity check
// (docs/dependencies.md §3); `.double()` gives 53-bit floats for continuous delays.

import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1) with 53 bits of resolution. */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number;
  /** Uniform integer in [0, n). */
  intBelow(n: number): number;
  /** Generator state as plain JSON, for checkpoints. */
  state(): object;
}

class AleaStream implements Rng {
  constructor(private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>) {}

  next(): number {
    return this.prng.double();
  }

  nextU32(): number {
    return this.prng.int32() >>> 0;
  }

  intBelow(n: number): number {
    // 53-bit float times n: bias below 2^-20 for any n the simulator uses (node and pod counts).
    return Math.floor(this.prng.double() * n);
  }

  state(): object {
    return this.prng.state();
  }
}

export class RngRoot {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {}

  /** The stream called `name`; the same name always returns the same stream object. */
  stream(name: string): Rng {
    let s = this.streams.get(name);
    if (s === undefined) {
      // String keys always: alea hashes them with Mash, and `${seed}/${name}` keeps streams independent.
      s = new AleaStream(seedrandom.alea(`${this.seed}/${name}`, { state: true }));
      this.streams.set(name, s);
    }
    return s;
  }

  get streamNames(): readonly string[] {
    return [...this.streams.keys()];
  }
}
