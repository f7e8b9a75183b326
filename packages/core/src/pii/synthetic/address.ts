// Synthetic Futian addresses: [廣東省]深圳市福田區 + sub-district + road + number [+ estate, building, room].
import { isAddress } from '../address.ts';
import type { Rng } from '../rng.ts';
import { FUTIAN_ESTATES, FUTIAN_ROADS, FUTIAN_SUBDISTRICTS } from './futian.ts';
import { inScript, type Script } from './script.ts';

export function makeAddress(rng: Rng, opts: { script?: Script } = {}): string {
  const script = opts.script ?? 'traditional';
  const trad = script === 'traditional';
  const hao = trad ? '號' : '号';
  let address = rng.chance(0.3) ? (trad ? '廣東省' : '广东省') : '';
  address += `深圳市${trad ? '福田區' : '福田区'}`;
  if (rng.chance(0.7)) address += `${inScript(rng.pick(FUTIAN_SUBDISTRICTS), script)}街道`;
  address += `${inScript(rng.pick(FUTIAN_ROADS), script)}${rng.between(1, 3000)}${hao}`;
  if (rng.chance(0.6)) {
    address += inScript(rng.pick(FUTIAN_ESTATES), script);
    if (rng.chance(0.5)) address += `${rng.between(1, 30)}${trad ? '棟' : '栋'}`;
    address += `${rng.between(1, 40)}${String(rng.between(1, 12)).padStart(2, '0')}室`;
  }
  if (!isAddress(address)) throw new Error(`synthetic address does not validate: ${address}`);
  return address;
}
