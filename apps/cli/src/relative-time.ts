const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const day = 86_400_000;

/** "94 days ago", "in 3 days", "never": days up to a year, as audits count them. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (iso === null || iso === undefined) return 'never';
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  if (abs < 3_600_000) return words.format(Math.round(diff / 60_000), 'minute');
  if (abs < day) return words.format(Math.round(diff / 3_600_000), 'hour');
  if (abs < 365 * day) return words.format(Math.round(diff / day), 'day');
  return words.format(Math.round(diff / (365 * day)), 'year');
}
