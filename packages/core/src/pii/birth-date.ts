// Birth dates inside identifiers are China Standard Time calendar dates. "Not in the future" needs today's
// date; reading the clock on every value would dominate the detector's cost, so today is cached until the next
// China midnight. Callers that need a fixed date (tests, replays) pass `asOf`.
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

let cachedToday = 0;
let cachedUntil = 0;

/** YYYYMMDD as a number, in China Standard Time. */
export function chinaYmd(at: Date | number): number {
  const d = new Date((typeof at === 'number' ? at : at.getTime()) + CHINA_OFFSET_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

export function todayYmd(): number {
  const now = Date.now();
  if (now >= cachedUntil) {
    cachedToday = chinaYmd(now);
    cachedUntil = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS + 1) * DAY_MS - CHINA_OFFSET_MS;
  }
  return cachedToday;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real calendar date from 1900-01-01 up to `latestYmd`. */
export function isBirthDate(year: number, month: number, day: number, latestYmd: number): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return year * 10000 + month * 100 + day <= latestYmd;
}

/** Reads `count` decimal digits at `at`; -1 when any is not a digit. */
export function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
