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

/** Alea's generator state, in seedrandom's `{ state: true }` shape. */
export interface AleaState {
  readonly c: number;
  readonly s0: number;
  readonly s1: number;
  readonly s2: number;
}

/** The state of a stream from RngRoot.stream (an Alea stream); throws for any other generator. */
export function aleaStateOf(rng: Rng): AleaState {
  const st = rng.state() as Partial<AleaState>;
  if (
    typeof st.c !== 'number' ||
    typeof st.s0 !== 'number' ||
    typeof st.s1 !== 'number' ||
    typeof st.s2 !== 'number'
  ) {
    throw new Error('aleaStateOf: not an Alea stream state');
  }
  return st as AleaState;
}

/** 2^-32, Alea's carry scale. */
const ALEA_CARRY = 2.3283064365386963e-10;

/**
 * Writes the next `n` nextU32() draws of one Alea stream into `out` from `outAt`, stepping the state kept
 * in `states` (c, s0, s1, s2 from `at`) in place: the same values, in the same order, as the stream
 * object would give (Baagoe's Alea step, as seedrandom's alea.js computes it, in doubles). Many streams
 * stepped from one Float64Array stay in cache where 65 000 generator objects do not.
 */
export function aleaFillU32(
  states: Float64Array,
  at: number,
  out: Uint32Array,
  outAt: number,
  n: number,
): void {
  let c = states[at] as number;
  let s0 = states[at + 1] as number;
  let s1 = states[at + 2] as number;
  let s2 = states[at + 3] as number;
  for (let k = 0; k < n; k++) {
    const t = 2091639 * s0 + c * ALEA_CARRY;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    out[outAt + k] = ((s2 * 0x100000000) | 0) >>> 0;
  }
  states[at] = c;
  states[at + 1] = s0;
  states[at + 2] = s1;
  states[at + 3] = s2;
}
