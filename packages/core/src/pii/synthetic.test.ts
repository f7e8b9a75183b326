import { describe, expect, it } from 'vitest';
import { detectValue } from './detect-value.ts';
import { isResidentId, residentIdSex } from './resident-id.ts';
import { createRng } from './rng.ts';
import {
  FUTIAN_DIVISION,
  makeAddress,
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makePersonName,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
} from './synthetic/index.ts';

describe('synthetic identifiers for the demo district', () => {
  it('come out the same for the same seed', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return [makeResidentId(rng), makeMobile(rng), makeBankCard(rng), makePersonName(rng), makeAddress(rng), makeSyntheticUscc(rng)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it('a resident of Futian born on a given day has the asked-for division, birth date and sex', () => {
    const rng = createRng(5);
    const id = makeResidentId(rng, { division: FUTIAN_DIVISION, birthDate: '1988-08-08', sex: 'female' });
    expect(id.slice(0, 14)).toBe('44030419880808');
    expect(residentIdSex(id)).toBe('female');
    expect(isResidentId(id)).toBe(true);
  });

  it('every generated value validates as its own type and only that', () => {
    const rng = createRng(99);
    const makers = {
      resident_id: () => makeResidentId(rng),
      mobile: () => makeMobile(rng, { format: rng.pick(['plain', 'spaced', 'hyphenated', 'international'] as const) }),
      uscc: () => makeSyntheticUscc(rng),
      bank_card: () => makeBankCard(rng),
      person_name: () => makePersonName(rng, { script: rng.chance(0.5) ? 'simplified' : 'traditional' }),
      address: () => makeAddress(rng, { script: rng.chance(0.5) ? 'simplified' : 'traditional' }),
      email: () => makeEmail(rng),
      landline: () => makeLandline(rng),
      vehicle_plate: () => makeVehiclePlate(rng),
    } as const;
    for (const [type, make] of Object.entries(makers)) {
      for (let i = 0; i < 2000; i++) {
        const value = make();
        expect(detectValue(value), value).toEqual([type]);
      }
    }
  });

  it('surnames follow the population: 王, 李 and 張 together about a fifth of names', () => {
    const rng = createRng(11);
    const names = Array.from({ length: 20_000 }, () => makePersonName(rng));
    const share = names.filter((n) => '王李張'.includes(n[0] as string)).length / names.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.22);
  });
});
