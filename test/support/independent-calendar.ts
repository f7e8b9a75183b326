import chineseDays from 'chinese-days';

// Deadlines checked against a calendar that is not ours: the chinese-days library's working days.

/** The n-th working day after `date` (YYYY-MM-DD), by chinese-days. */
export function nthWorkingDayAfter(date: string, n: number): string {
  let d = new Date(`${date}T00:00:00Z`);
  for (let counted = 0; ; ) {
    d = new Date(d.getTime() + 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    if (chineseDays.isWorkday(iso) && ++counted === n) return iso;
  }
}

/** The end of that day in Beijing time, as the API prints deadlines. */
export const endOfBeijingDay = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();
