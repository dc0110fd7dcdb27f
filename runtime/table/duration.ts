// Ages as kubectl shows them. The thresholds are kube's (apimachinery's HumanDuration): about
// two significant figures, with a little tolerance for clocks that run slightly behind.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** A duration in milliseconds, rendered like `45s`, `2m3s`, `10m`, `3h10m`, `5d`, `3y45d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  // Up to two seconds in the future still reads as "now": the writer's clock may lead ours.
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 10) return withRest(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(ms / HOUR);
  if (hours < 8) return withRest(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) return withRest(days, 'd', hours % 24, 'h');
  if (ms < 2 * YEAR) return `${days}d`;
  const years = Math.floor(days / 365);
  if (years < 8) return withRest(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRest(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Go's zero time.Time (0001-01-01T00:00:00Z), which Kubernetes treats as "unset". */
export const ZERO_TIME_MS = -62135596800000;

/** Milliseconds since the epoch of an RFC 3339 timestamp, or `undefined` if it is not one. */
export function parseTimestamp(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(s), frac ? Math.floor(Number(`0${frac}`) * 1000) : 0);
  let ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  if (sign) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * HOUR + Number(om) * MINUTE);
  return ms;
}

/**
 * The age of a timestamp field as kube's printers show it: `<unknown>` when the field is
 * unset (absent, empty or the zero time) and `<invalid>` when it cannot be parsed.
 */
export function timestampAge(value: unknown, now: number): string {
  if (value === undefined || value === null || value === '') return '<unknown>';
  if (typeof value !== 'string') return '<invalid>';
  const ms = parseTimestamp(value);
  if (ms === undefined) return '<invalid>';
  if (ms === ZERO_TIME_MS) return '<unknown>';
  return humanDuration(now - ms);
}

/** An RFC 3339 UTC rendering at whole seconds, as Go's time.RFC3339 prints a UTC time. */
export function formatTimestampUTC(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
