/**
 * Legacy identifiers (Law on Identification 2023: the old 9-digit ID card, the personal tax code and
 * the social-insurance number keep mapping to the 12-digit personal ID).
 *
 * Numbers are derived from bijections of a counter or of the citizen's index (see `Scrambler`), so
 * they are unique without any set of issued values; the only duplicates in the data set are the
 * conflicts injected on purpose.
 */
import { Scrambler } from './random.ts';

/**
 * Old ID card (CMND) number prefixes by the province code of the personal ID (pre-2025 codes): the
 * 9-digit cards start with a 2- or 3-digit area prefix (Hà Nam 168, Nam Định 162/163, Ninh Bình
 * 164...). A second prefix takes over when the first is used up. No 2-digit prefix here is the
 * start of a 3-digit one, so numbers of different prefixes never collide.
 */
const CMND_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  '035': ['168', '169'],
  '036': ['162', '163'],
  '037': ['164', '165'],
  '001': ['01'],
  '079': ['02'],
  '031': ['03'],
  '022': ['10'],
  '017': ['11'],
  '030': ['14'],
  '033': ['14'],
  '034': ['15'],
  '038': ['17'],
  '040': ['18'],
  '042': ['18'],
};

/** Issues old ID card numbers: one counter per prefix, scrambled into the prefix's number space. */
export class OldIdCardIssuer {
  private readonly counters = new Map<string, number>();
  private readonly scramblers = new Map<string, Scrambler>();

  constructor(private readonly seed: number) {}

  issue(personalId: string): string {
    const prefixes = CMND_PREFIXES[personalId.slice(0, 3)] ?? ['01'];
    // Prefixes that share a number space (Hải Dương and Hưng Yên were one province) share a counter.
    for (const prefix of prefixes) {
      const digits = 9 - prefix.length;
      const used = this.counters.get(prefix) ?? 0;
      if (used >= 10 ** digits) continue;
      this.counters.set(prefix, used + 1);
      let scrambler = this.scramblers.get(prefix);
      if (scrambler === undefined) {
        scrambler = new Scrambler(this.seed, 1000 + Number(prefix), digits);
        this.scramblers.set(prefix, scrambler);
      }
      return prefix + scrambler.text(used);
    }
    throw new Error(`old ID card numbers of prefix ${prefixes.join('/')} are exhausted`);
  }
}

/** Social-insurance numbers (mã số BHXH): 2-digit issuing province + 8 digits, one per citizen index. */
export class SocialInsuranceNumbers {
  private readonly scrambler: Scrambler;

  constructor(seed: number) {
    this.scrambler = new Scrambler(seed, 2001, 8);
  }

  of(citizen: number, provinceCode: string): string {
    return provinceCode + this.scrambler.text(citizen);
  }
}

/** Personal tax codes: 10 digits starting with 8 (codes issued through employers), one per citizen index. */
export class TaxCodes {
  private readonly scrambler: Scrambler;

  constructor(seed: number) {
    this.scrambler = new Scrambler(seed, 2002, 9);
  }

  of(citizen: number): string {
    return `8${this.scrambler.text(citizen)}`;
  }
}
