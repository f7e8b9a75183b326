// Recipient fingerprint of an exported result (issue 7 §1): the keyed scheme, per cell. See README.md beside this
// file for the design, its capacity and what it survives. Pure (no I/O): the engine streams files through it.
import { createHmac } from 'node:crypto';
import { DomainError } from '../errors/catalogue.ts';

export const WATERMARK_VERSION = 1;
/** 128 bits of recipient id followed by a 32-bit keyed check. */
export const ID_BITS = 128;
export const TAG_BITS = 32;
export const CODEWORD_BITS = ID_BITS + TAG_BITS;
/** The finest declared precision a carrier column may have. */
export const MAX_DECIMALS = 12;
export const MIN_KEY_BYTES = 16;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMERIC = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** Sub-keys derived from the platform's watermark secret, one per purpose (domain separation). */
export interface WatermarkKeys {
  readonly slot: Buffer;
  readonly tag: Buffer;
  readonly order: Buffer;
  readonly seal: Buffer;
}

export function deriveWatermarkKeys(secret: Uint8Array | string): WatermarkKeys {
  const raw = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  if (raw.length < MIN_KEY_BYTES) throw new DomainError('WATERMARK_KEY_INVALID', [{ path: '/key', reason: 'too_short' }]);
  const sub = (label: string) => createHmac('sha256', raw).update(`shuyun-watermark/v${WATERMARK_VERSION}/${label}`).digest();
  return { slot: sub('slot'), tag: sub('tag'), order: sub('order'), seal: sub('seal') };
}

/** `xxxxxxxx-xxxx-…` → its 16 bytes; anything else is refused (recipients are export ids, UUIDs). */
export function recipientBytes(recipientId: string): Buffer {
  if (!UUID.test(recipientId)) throw new DomainError('WATERMARK_RECIPIENT_INVALID', [{ path: '/recipientId', reason: 'not_uuid' }]);
  return Buffer.from(recipientId.replaceAll('-', ''), 'hex');
}

export function formatRecipient(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function recipientTag(id: Uint8Array, keys: WatermarkKeys): Buffer {
  return createHmac('sha256', keys.tag).update(id).digest().subarray(0, TAG_BITS / 8);
}

/** The 160 bits embedded for a recipient: id ‖ HMAC(tag key, id)[0..4], most significant bit first, one per entry. */
export function recipientCodeword(recipientId: string, keys: WatermarkKeys): Uint8Array {
  const id = recipientBytes(recipientId);
  return bitsOf(Buffer.concat([id, recipientTag(id, keys)]));
}

export function bitsOf(bytes: Uint8Array): Uint8Array {
  const bits = new Uint8Array(bytes.length * 8);
  for (let i = 0; i < bits.length; i++) bits[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
  return bits;
}

export function bytesOf(bits: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3]! |= 1 << (7 - (i & 7));
  return out;
}

/** A plain decimal (`-12.30`, `7`): the only spelling that can carry a bit. Exponents, NaN, text: never. */
export function isNumericText(value: string): boolean {
  return NUMERIC.test(value.trim());
}

/**
 * What a row is recognised by, whatever its position: the sorted multiset of its non-numeric values (trimmed;
 * NULLs and numbers left out, so that marking — which only touches numbers — never changes it, and neither does
 * reordering, renaming or dropping numeric columns).
 */
export function rowContext(values: ReadonlyArray<string | null | undefined>): string {
  const parts: string[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const t = v.trim();
    if (t === '' || NUMERIC.test(t)) continue;
    parts.push(t);
  }
  return parts.sort().join('\u001e');
}

/** One carrier cell: where its bit goes, read from the keyed hash of its anchor. */
export interface Slot {
  /** 48 bits of the anchor's hash: identifies the cell for de-duplication and sampling. */
  key: number;
  /** which codeword bit it carries */
  index: number;
  /** the keyed pad XORed onto the bit, so that marked parities look uniformly random */
  pad: number;
}

function slotOf(hmac: Buffer): Slot {
  return { key: hmac.readUIntBE(0, 6), index: hmac.readUInt32BE(6) % CODEWORD_BITS, pad: hmac[10]! & 1 };
}

interface ScaledNumber {
  sign: string;
  /** the value's digits at the declared precision, integer part as written */
  digits: string;
  /** the text had more (non-zero) decimals than declared */
  finer: boolean;
}

function scale(value: string, decimals: number, round: boolean): ScaledNumber | null {
  const m = NUMERIC.exec(value.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2]!;
  const frac = m[3] ?? '';
  const extra = frac.slice(decimals);
  const finer = /[1-9]/.test(extra);
  let digits = intPart + frac.slice(0, decimals).padEnd(decimals, '0');
  if (finer && round && extra[0]! >= '5') digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  return { sign, digits, finer };
}

function anchorHmac(keys: WatermarkKeys, decimals: number, sign: string, digits: string, context: string): Buffer {
  // The prefix is the value without its last declared digit, normalised (no leading zeros), so `007.5` and `7.5`,
  // DOUBLE and DECIMAL and CSV spellings of one value all anchor alike.
  const head = digits.slice(0, -1).replace(/^0+/, '') || '0';
  return createHmac('sha256', keys.slot).update(`${decimals}\u001f${sign}${head}\u001f${context}`).digest();
}

function spell(sign: string, digits: string, decimals: number): string {
  if (decimals === 0) return `${sign}${digits}`;
  const intPart = digits.slice(0, digits.length - decimals) || '0';
  return `${sign}${intPart}.${digits.slice(digits.length - decimals)}`;
}

/**
 * The cell with its bit embedded: the parity of its last declared digit set to codeword[index] XOR pad, by
 * swapping that digit with its parity partner (0↔1, 2↔3, …, 8↔9). The value moves by at most one unit in the last
 * declared place, never carries into the digits before it, and is spelled with exactly `decimals` decimals.
 * A cell that is not a plain decimal, or has finer non-zero digits than declared, is returned unchanged.
 */
export function markValue(value: string, decimals: number, context: string, keys: WatermarkKeys, codeword: Uint8Array): string {
  const s = scale(value, decimals, false);
  if (!s || s.finer) return value;
  const slot = slotOf(anchorHmac(keys, decimals, s.sign, s.digits, context));
  const want = codeword[slot.index]! ^ slot.pad;
  const last = s.digits.charCodeAt(s.digits.length - 1) - 48;
  const digit = (last & 1) === want ? last : last ^ 1;
  return spell(s.sign, s.digits.slice(0, -1) + String(digit), decimals);
}

/** The bit a cell carries (if marked), and its slot; values finer than declared are rounded to it first. */
export function readValue(value: string, decimals: number, context: string, keys: WatermarkKeys): { slot: Slot; bit: number } | null {
  const s = scale(value, decimals, true);
  if (!s) return null;
  const slot = slotOf(anchorHmac(keys, decimals, s.sign, s.digits, context));
  const last = s.digits.charCodeAt(s.digits.length - 1) - 48;
  return { slot, bit: (last & 1) ^ slot.pad };
}

/** Decimals of a plain decimal after dropping trailing zeros (`12.30` → 1), or -1 when it is not one. */
export function significantDecimals(value: string): number {
  const m = NUMERIC.exec(value.trim());
  if (!m) return -1;
  return (m[3] ?? '').replace(/0+$/, '').length;
}

// ── row order (the fallback for results without a numeric column) ────────────────────────────────────────────

/** A row's keyed hash over all its non-empty values (sorted), for the row-order channel. Hex, comparable as text. */
export function rowOrderHash(values: ReadonlyArray<string | null | undefined>, keys: WatermarkKeys): string {
  const parts: string[] = [];
  for (const v of values) if (v !== null && v !== undefined && v.trim() !== '') parts.push(v.trim());
  return createHmac('sha256', keys.order).update(parts.sort().join('\u001e')).digest('hex');
}

/** The slot of an adjacent pair of rows, from the smaller of their hashes; the pair's key covers both rows. */
export function pairSlot(a: string, b: string): Slot {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  const l = Buffer.from(lo.slice(0, 24), 'hex');
  const h = Buffer.from(hi.slice(0, 12), 'hex');
  return { key: l.readUIntBE(0, 6) ^ h.readUIntBE(0, 6), index: l.readUInt32BE(6) % CODEWORD_BITS, pad: l[10]! & 1 };
}

/** Whether the pair of rows hashed `a`, `b` should have its smaller-hash row first, to carry its bit. */
export function pairSmallerFirst(a: string, b: string, codeword: Uint8Array): boolean {
  const slot = pairSlot(a, b);
  return (codeword[slot.index]! ^ slot.pad) === 1;
}

/** The bit an adjacent pair `first, second` (in file order) carries; null for equal rows. */
export function readPair(first: string, second: string): { slot: Slot; bit: number } | null {
  if (first === second) return null;
  const slot = pairSlot(first, second);
  return { slot, bit: (first < second ? 1 : 0) ^ slot.pad };
}

// ── sealed trailer (Parquet key-value metadata): exact but strippable ────────────────────────────────────────

export const METADATA_KEY = 'shuyun.watermark';

/** nonce ‖ (id XOR keyed pad) ‖ MAC: names the recipient to the key holder only; base64url. */
export function sealRecipient(recipientId: string, keys: WatermarkKeys, nonce: Uint8Array): string {
  const id = recipientBytes(recipientId);
  const pad = createHmac('sha256', keys.seal).update('pad').update(nonce).digest();
  const enc = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) enc[i] = id[i]! ^ pad[i]!;
  const mac = createHmac('sha256', keys.seal).update('mac').update(nonce).update(enc).digest().subarray(0, 16);
  return Buffer.concat([Buffer.from(nonce), enc, mac]).toString('base64url');
}

export function openSeal(seal: string, keys: WatermarkKeys): string | null {
  const raw = Buffer.from(seal, 'base64url');
  if (raw.length < 33) return null;
  const nonce = raw.subarray(0, raw.length - 32);
  const enc = raw.subarray(raw.length - 32, raw.length - 16);
  const mac = createHmac('sha256', keys.seal).update('mac').update(nonce).update(enc).digest().subarray(0, 16);
  if (!mac.equals(raw.subarray(raw.length - 16))) return null;
  const pad = createHmac('sha256', keys.seal).update('pad').update(nonce).digest();
  const id = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) id[i] = enc[i]! ^ pad[i]!;
  return formatRecipient(id);
}
