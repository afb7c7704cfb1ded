/**
 * A timestamp as it reaches the formatters: client-node 2.x deserialises to `Date`, but objects built by hand
 * (tests, the API double) may carry the wire's RFC 3339 string.
 */
export type Timestamp = Date | string;

/** The instant a timestamp names, or undefined when it is absent or unparseable. */
export function toDate(value: Timestamp | null | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** kubectl's AGE cell: `translateTimestampSince`, which prints `<unknown>` for a zero timestamp. */
export function formatAge(from: Timestamp | null | undefined, now: Date): string {
  const date = toDate(from);
  if (date === undefined) return '<unknown>';
  return humanDuration(now.getTime() - date.getTime());
}

/** The span between two timestamps (a job's DURATION), or '' when the start is unknown, as kubectl leaves it. */
export function formatSpan(start: Timestamp | undefined, end: Timestamp | undefined, now: Date): string {
  const from = toDate(start);
  if (from === undefined) return '';
  return humanDuration((toDate(end) ?? now).getTime() - from.getTime());
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/**
 * A port of apimachinery's `duration.HumanDuration`: precision falls as the span grows (`45s`, `5m12s`, `3h`,
 * `2d4h`, `1y10d`). Up to one second in the future reads `0s`, to tolerate clock skew; further is `<invalid>`.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/duration/duration.go
 */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.trunc(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 2 * MINUTE) return `${seconds}s`;
  const minutes = Math.floor(seconds / MINUTE);
  if (minutes < 10) return compound(minutes, 'm', seconds % MINUTE, 's');
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.floor(seconds / HOUR);
  if (hours < 8) return compound(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(seconds / DAY);
  if (hours < 8 * 24) return compound(days, 'd', hours % 24, 'h');
  if (hours < 2 * 365 * 24) return `${days}d`;
  const years = Math.floor(seconds / YEAR);
  if (hours < 8 * 365 * 24) return compound(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function compound(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}
