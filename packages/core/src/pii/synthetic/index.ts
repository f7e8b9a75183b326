export { createRng, type Rng } from '../rng.ts';
export { makeAddress } from './address.ts';
export {
  FUTIAN_DIVISION,
  makeBankCard,
  makeEmail,
  makeLandline,
  makeMobile,
  makeResidentId,
  makeSyntheticUscc,
  makeVehiclePlate,
  type MobileFormat,
  type ResidentIdOptions,
  type UsccOptions,
} from './identifiers.ts';
export { makePersonName } from './person-name.ts';
export { inScript, type Script } from './script.ts';
