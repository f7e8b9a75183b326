// Test data for the twin scenarios: a generated version of a few thousand people (synthetic identifiers that pass
// their check digits), written to Parquet with the types ingest stores, and a plain reader for the results.
import { DuckDBInstance } from '@duckdb/node-api';
import {
  createRng,
  makeAddress,
  makeEmail,
  makeLandline,
  makeMobile,
  makePersonName,
  makeResidentId,
  makeSyntheticUscc,
} from '@shuyun/core/pii';
import type { TwinField } from './types.ts';

export const CATEGORIES = ['零售', '餐飲', '科技', '金融', '物流'] as const;
const CATEGORY_WEIGHTS = [0.4, 0.25, 0.2, 0.1, 0.05];
export const DIVISIONS = ['440304', '440303', '440305', '440306'] as const;

export const peopleFields: TwinField[] = [
  { name: 'seq', type: 'integer', role: 'direct_identifier' },
  { name: 'id_number', type: 'string', role: 'direct_identifier', piiType: 'resident_id' },
  { name: 'name', type: 'string', role: 'direct_identifier', piiType: 'person_name' },
  { name: 'mobile', type: 'string', role: 'direct_identifier', piiType: 'mobile' },
  { name: 'email', type: 'string', role: 'direct_identifier', piiType: 'email' },
  { name: 'employer_uscc', type: 'string', role: 'quasi_identifier', piiType: 'uscc' },
  { name: 'office_phone', type: 'string', role: 'quasi_identifier', piiType: 'landline' },
  { name: 'home', type: 'string', role: 'quasi_identifier', piiType: 'address' },
  { name: 'birth_date', type: 'date', role: 'quasi_identifier' },
  { name: 'age', type: 'integer', role: 'quasi_identifier', rule: { technique: 'generalize', to: { kind: 'age_band', width: 5 } } },
  { name: 'division', type: 'string', role: 'quasi_identifier', rule: { technique: 'generalize', to: { kind: 'code_prefix', keep: 4 } } },
  { name: 'category', type: 'string', role: 'other' },
  { name: 'amount', type: 'decimal', role: 'sensitive' },
];

export interface Person {
  seq: number;
  id_number: string;
  name: string;
  mobile: string | null;
  email: string;
  employer_uscc: string;
  office_phone: string;
  home: string;
  birth_date: string;
  age: number;
  division: string;
  category: string;
  amount: string;
}

function weighted<T>(rng: ReturnType<typeof createRng>, items: readonly T[], weights: readonly number[]): T {
  let x = rng.next();
  for (let i = 0; i < items.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

export function makePeople(count: number, seed = 7): Person[] {
  const rng = createRng(seed);
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const birth = new Date(Date.UTC(1950, 0, 1) + rng.int(55 * 365) * 86_400_000);
    const birthDate = birth.toISOString().slice(0, 10);
    const division = rng.pick(DIVISIONS);
    people.push({
      seq: i + 1,
      id_number: makeResidentId(rng, { division, birthDate }),
      // a few compound surnames and characters beyond the BMP among the generated names
      name: i % 97 === 0 ? '歐陽𠀋' : i % 89 === 0 ? '司马光明' : makePersonName(rng, { script: i % 2 ? 'simplified' : 'traditional' }),
      mobile: rng.chance(0.05) ? null : makeMobile(rng),
      email: makeEmail(rng),
      employer_uscc: makeSyntheticUscc(rng, { division }),
      office_phone: makeLandline(rng),
      home: makeAddress(rng, { script: 'simplified' }),
      birth_date: birthDate,
      age: 2024 - birth.getUTCFullYear(),
      division,
      category: weighted(rng, CATEGORIES, CATEGORY_WEIGHTS),
      amount: (rng.int(5_000_000) / 100).toFixed(2),
    });
  }
  return people;
}

/** Writes the people as a version would be stored: BIGINT, VARCHAR, DATE, DECIMAL(18,2). */
export async function writePeopleParquet(file: string, people: readonly Person[]): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(
      `CREATE TABLE p (seq BIGINT, id_number VARCHAR, name VARCHAR, mobile VARCHAR, email VARCHAR, employer_uscc VARCHAR,
        office_phone VARCHAR, home VARCHAR, birth_date VARCHAR, age BIGINT, division VARCHAR, category VARCHAR, amount VARCHAR)`,
    );
    const appender = await connection.createAppender('p');
    for (const p of people) {
      appender.appendBigInt(BigInt(p.seq));
      for (const v of [p.id_number, p.name, p.mobile, p.email, p.employer_uscc, p.office_phone, p.home, p.birth_date]) {
        if (v === null) appender.appendNull();
        else appender.appendVarchar(v);
      }
      appender.appendBigInt(BigInt(p.age));
      appender.appendVarchar(p.division);
      appender.appendVarchar(p.category);
      appender.appendVarchar(p.amount);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(
      `COPY (SELECT * REPLACE (CAST(birth_date AS DATE) AS birth_date, CAST(amount AS DECIMAL(18,2)) AS amount) FROM p ORDER BY seq)
        TO $file (FORMAT parquet)`,
      { file },
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
