import { createRng, FUTIAN_DIVISION, makeAddress, makeMobile, makePersonName, makeResidentId, makeSyntheticUscc, type Rng } from '@shuyun/core/pii';

// Deterministic synthetic data of the demo district: same seed, same rows, on every machine.
// No real person's or company's identifiers, ever: every identifier is generated and passes its check digits.

export type DemoScale = 'small' | 'full';

export const demoSizes: Record<DemoScale, { enterprises: number; residents: number; visits: number; rentals: number; months: number }> = {
  small: { enterprises: 2_000, residents: 5_000, visits: 10_000, rentals: 2_000, months: 12 },
  full: { enterprises: 50_000, residents: 200_000, visits: 500_000, rentals: 60_000, months: 12 },
};

const STREETS = ['園嶺', '南園', '福田', '沙頭', '香蜜湖', '蓮花', '華富', '福保', '華強北', '梅林'];
const INDUSTRIES = ['軟件和信息技術服務業', '批發和零售業', '金融業', '租賃和商務服務業', '科學研究和技術服務業', '住宿和餐飲業', '建築業', '製造業', '文化、體育和娛樂業', '居民服務業'];
const STATUSES = ['存續', '存續', '存續', '存續', '在業', '吊銷', '注銷'];
const CLINICS = ['內科', '外科', '兒科', '婦產科', '口腔科', '眼科', '皮膚科', '中醫科'];
const DIAGNOSES = ['J06 急性上呼吸道感染', 'I10 原發性高血壓', 'E11 2 型糖尿病', 'K29 胃炎', 'M54 背痛', 'H52 屈光不正', 'L30 皮炎', 'Z00 健康檢查'];

const day = (rng: Rng, fromYear: number, toYear: number) => new Date(Date.UTC(fromYear, 0, 1) + rng.int((toYear - fromYear) * 365) * 86_400_000).toISOString().slice(0, 10);

export interface Population {
  residents: string[];
  enterprises: string[];
}

export function* residents(n: number, pop: Population) {
  const rng = createRng(20260101);
  for (let i = 0; i < n; i++) {
    const sex = rng.chance(0.5) ? 'male' : 'female';
    const birth = day(rng, 1940, 2006);
    const id = makeResidentId(rng, { division: FUTIAN_DIVISION, birthDate: birth, sex });
    pop.residents.push(id);
    yield [id, makePersonName(rng), sex === 'male' ? '男' : '女', birth, makeMobile(rng), rng.pick(STREETS), makeAddress(rng)];
  }
}

export function* enterprises(n: number, pop: Population) {
  const rng = createRng(20260102);
  for (let i = 0; i < n; i++) {
    const uscc = makeSyntheticUscc(rng);
    pop.enterprises.push(uscc);
    const industry = rng.pick(INDUSTRIES);
    const name = `深圳市${rng.pick(['鵬程', '福華', '蓮花', '香蜜', '華強', '深南', '梅林', '園嶺', '新洲', '皇崗'])}${rng.pick(['科技', '貿易', '諮詢', '文化', '餐飲', '建設', '數據', '電子'])}${String(i).padStart(5, '0')}有限公司`;
    const legalRep = pop.residents.length > 0 ? rng.pick(pop.residents) : null;
    yield [uscc, name, rng.pick(STREETS), industry, Math.round(rng.between(10, 50_000)) , day(rng, 1995, 2026), rng.pick(STATUSES), legalRep];
  }
}

export function* socialInsurance(months: number, pop: Population) {
  const rng = createRng(20260103);
  for (const uscc of pop.enterprises) {
    const staff = rng.between(1, 300);
    for (let m = 1; m <= months; m++) {
      const insured = Math.max(0, staff + rng.between(-5, 5));
      yield [uscc, `2025-${String(m).padStart(2, '0')}`, insured, Math.round(insured * rng.between(900, 2_600) * 100) / 100];
    }
  }
}

export function* clinicVisits(n: number, pop: Population) {
  const rng = createRng(20260104);
  for (let i = 0; i < n; i++) {
    yield [`V${String(i + 1).padStart(8, '0')}`, rng.pick(pop.residents), day(rng, 2024, 2026), rng.pick(CLINICS), rng.pick(DIAGNOSES), Math.round(rng.between(20, 3_000) * 100) / 100];
  }
}

export function* rentals(n: number, pop: Population) {
  const rng = createRng(20260105);
  for (let i = 0; i < n; i++) {
    const area = rng.between(15, 160);
    yield [`R${String(i + 1).padStart(7, '0')}`, rng.pick(pop.residents), rng.pick(STREETS), makeAddress(rng), area, area * rng.between(60, 180), day(rng, 2023, 2026)];
  }
}
