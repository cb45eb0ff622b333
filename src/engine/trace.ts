// Trace of dispatched events: off, a running FNV-1a digest (always cheap enough to leave on), or full
// lines for golden files and debugging. Two runs with the same digest dispatched the same event kinds
// at the same instants in the same order (the FoundationDB/VOPR habit of comparing run fingerprints).

export interface TraceSink {
  record(atUs: number, event: { readonly kind: string }): void;
}

const FNV_OFFSET_HI = 0xcbf29ce4;
const FNV_OFFSET_LO = 0x84222325;

/** 64-bit FNV-1a kept as two 32-bit halves, fed with 32-bit words. */
export class DigestTrace implements TraceSink {
  private hi = FNV_OFFSET_HI;
  private lo = FNV_OFFSET_LO;
  private readonly kindCodes = new Map<string, number>();
  private count = 0;
  private readonly lines: string[] | undefined;
  private readonly describe: ((event: { readonly kind: string }) => string) | undefined;

  constructor(opts: { keepLines?: boolean; describe?: (event: { readonly kind: string }) => string } = {}) {
    this.lines = opts.keepLines ? [] : undefined;
    this.describe = opts.describe;
  }

  record(atUs: number, event: { readonly kind: string }): void {
    this.mix(atUs % 0x100000000);
    this.mix(Math.floor(atUs / 0x100000000));
    this.mix(this.kindCode(event.kind));
    this.count++;
    if (this.lines !== undefined) {
      this.lines.push(this.describe ? `${atUs} ${this.describe(event)}` : `${atUs} ${event.kind}`);
    }
  }

  /** Mixes extra data (e.g. output rows) into the digest. */
  mixString(text: string): void {
    for (let i = 0; i < text.length; i++) this.mix(text.charCodeAt(i));
  }

  get events(): number {
    return this.count;
  }

  get digest(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }

  get traceLines(): readonly string[] {
    return this.lines ?? [];
  }

  private kindCode(kind: string): number {
    let code = this.kindCodes.get(kind);
    if (code === undefined) {
      code = fnv1a32(kind);
      this.kindCodes.set(kind, code);
    }
    return code;
  }

  // One FNV-1a step on a 32-bit word, with the 64-bit prime 2^40 + 0x1b3 done on 32-bit halves.
  private mix(word: number): void {
    let lo = (this.lo ^ word) >>> 0;
    let hi = this.hi >>> 0;
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    hi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = loMul >>> 0;
    this.hi = hi;
    this.lo = lo;
  }
}

export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
