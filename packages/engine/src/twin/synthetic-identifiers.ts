// Fresh identifiers for synthetic twins: the core generators (pii/synthetic), which make values that pass their
// detectors and derive from no one, per row from the row's own random stream; a value the source may hold (its
// Bloom filter says so) is drawn again, so the twin never carries an identifier of the source.
import type { FieldType } from '@shuyun/core/catalog/classification';
import {
  makeAddress,
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makePersonName,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
  type PiiType,
  type Rng,
  type Script,
} from '@shuyun/core/pii';
import {
  COMMON_SURNAMES_SIMPLIFIED,
  COMMON_SURNAMES_TRADITIONAL,
  OTHER_SURNAMES_SIMPLIFIED,
  OTHER_SURNAMES_TRADITIONAL,
} from '@shuyun/core/pii/surnames';
import type { BloomFilter } from './bloom.ts';
import type { RowRng } from './row-rng.ts';

/** Redraws before a row's identifier is left empty (each redraw is a ~0.05% event; 64 in a row never happen). */
const MAX_ATTEMPTS = 64;

/** Birth dates of synthetic people: every day of 1940–2006, as the core generator draws them. */
const BIRTH_DAYS = 67 * 365;
let birthDateTable: string[] | undefined;
function birthDates(): string[] {
  if (!birthDateTable) {
    const start = Date.UTC(1940, 0, 1);
    birthDateTable = Array.from({ length: BIRTH_DAYS }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));
  }
  return birthDateTable;
}

export type IdentifierMaker = (rng: Rng) => string;

export function identifierMaker(piiType: PiiType | null | undefined, type: FieldType, script: Script): IdentifierMaker | undefined {
  switch (piiType) {
    case 'resident_id':
      // the birth date drawn here from a table: the generator's own draw formats a Date per call, the slowest step
      return (rng) => makeResidentId(rng, { birthDate: birthDates()[rng.int(BIRTH_DAYS)] as string });
    case 'mobile':
      return (rng) => makeMobile(rng);
    case 'uscc':
      return (rng) => makeSyntheticUscc(rng);
    case 'bank_card':
      return (rng) => makeBankCard(rng);
    case 'person_name':
      return (rng) => makePersonName(rng, { script });
    case 'address':
      return (rng) => makeAddress(rng, { script });
    case 'email':
      return (rng) => makeEmail(rng);
    case 'landline':
      return (rng) => makeLandline(rng);
    case 'vehicle_plate':
      return (rng) => makeVehiclePlate(rng, { script });
    default:
      // an identifier of no known shape: an opaque token (text) or a random positive number (integer)
      if (type === 'string') return (rng) => `SYN${rng.digits(16)}`;
      if (type === 'integer') return (rng) => String(1 + rng.int(2 ** 31) * 2 ** 21 + rng.int(2 ** 21));
      return undefined;
  }
}

export function generateIdentifier(make: IdentifierMaker, source: BloomFilter, rng: RowRng, seed: number, column: number, row: number): string | null {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const value = make(rng.reseed(seed, column, row, attempt));
    if (!source.has(value)) return value;
  }
  return null;
}

// Characters whose simplified and traditional forms differ, to write names, addresses and plates in the script the
// source uses (departments in Shenzhen write simplified).
const SIMPLIFIED_ONLY = new Set<string>('区号栋广东粤');
const TRADITIONAL_ONLY = new Set<string>('區號棟廣東粵');
{
  const s = COMMON_SURNAMES_SIMPLIFIED + OTHER_SURNAMES_SIMPLIFIED;
  const t = COMMON_SURNAMES_TRADITIONAL + OTHER_SURNAMES_TRADITIONAL;
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== t[i]) {
      SIMPLIFIED_ONLY.add(s[i] as string);
      TRADITIONAL_ONLY.add(t[i] as string);
    }
  }
}

export class ScriptTally {
  simplified = 0;
  traditional = 0;
  add(value: string): void {
    for (const ch of value) {
      if (SIMPLIFIED_ONLY.has(ch)) this.simplified++;
      else if (TRADITIONAL_ONLY.has(ch)) this.traditional++;
    }
  }
  get script(): Script {
    return this.traditional > this.simplified ? 'traditional' : 'simplified';
  }
}
