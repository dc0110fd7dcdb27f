// The string formats kube-apiserver checks in CRD schemas. Names are compared the way
// kube's format registry does (dashes removed), so `date-time` and `datetime` are one
// format. Formats outside this set are not checked at all, as in kube, and number formats
// (int32, int64, float, double) only describe the type: kube checks no ranges for them.

type FormatCheck = (value: string) => boolean;

const DEC_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`);
const HEX16 = /^[0-9a-fA-F]{1,4}$/;

function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

/** IPv6 text as Go's net.ParseIP reads it: `::` once at most, an optional trailing IPv4. */
function isIPv6(s: string): boolean {
  if (!s.includes(':') || s.includes('%')) return false;
  let groups = 8;
  let body = s;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false;
    body = s.slice(0, lastColon + 1) + '0';
    groups = 7;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const parts = (h: string): string[] | null => {
    if (h === '') return [];
    const p = h.split(':');
    return p.every((x) => HEX16.test(x)) ? p : null;
  };
  if (halves.length === 2) {
    const a = parts(halves[0]!);
    const b = parts(halves[1]!);
    if (!a || !b) return false;
    return a.length + b.length < groups;
  }
  const all = parts(body);
  return all !== null && all.length === groups;
}

function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(?:0|[1-9]\d{0,2})$/.test(bits)) return false;
  const n = Number(bits);
  if (isIPv4(ip)) return n <= 32;
  return isIPv6(ip) && n <= 128;
}

const MAC_COLON = /^[0-9a-fA-F]{2}(?:([:-])[0-9a-fA-F]{2})(?:\1[0-9a-fA-F]{2})*$/;
const MAC_DOT = /^[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4})*$/;

/** Go's net.ParseMAC: 6, 8 or 20 octets, `:`/`-` separated pairs or `.` separated quads. */
function isMAC(s: string): boolean {
  let octets = 0;
  if (MAC_COLON.test(s)) octets = (s.length + 1) / 3;
  else if (MAC_DOT.test(s)) octets = ((s.length + 1) / 5) * 2;
  return octets === 6 || octets === 8 || octets === 20;
}

function isISBN10(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d[i] === 'X' ? 10 : Number(d[i])) * (10 - i);
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(d[12]);
}

const CARD = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(?:222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;

function isCreditCard(s: string): boolean {
  const d = s.replace(/[^0-9]/g, '');
  if (!CARD.test(d)) return false;
  // Luhn checksum.
  let sum = 0;
  let double = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let n = Number(d[i]);
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  return m !== null && validYMD(Number(m[1]), Number(m[2]), Number(m[3]));
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validYMD(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= MONTH_DAYS[m - 1]!;
}

// The layouts kube's date-time format accepts: RFC 3339 with or without fractional seconds,
// and the ISO 8601 shortenings (no seconds, no zone).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  if (!validYMD(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return Number(m[4]) < 24 && Number(m[5]) < 60 && (m[6] === undefined || Number(m[6]) < 60);
}

const GO_DURATION = /^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const UNIT_DURATION = /^\d+\s*(?:ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|sec|minutes?|min|hours?|hr|days?|weeks?|wk)$/i;

function isDuration(s: string): boolean {
  return s === '0' || GO_DURATION.test(s) || UNIT_DURATION.test(s);
}

const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const HOST_LABEL = /^[\p{L}\p{S}0-9](?:[\p{L}\p{S}0-9-]*[\p{L}\p{S}0-9])?$/u;

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  const labels = s.endsWith('.') ? s.slice(0, -1).split('.') : s.split('.');
  return labels.every((l) => l.length > 0 && l.length <= 63 && HOST_LABEL.test(l));
}

function isURI(s: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path, no control characters.
  if (/[\u0000-\u001f\u007f]/.test(s)) return false;
  return s.startsWith('/') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s);
}

function isEmail(s: string): boolean {
  const angle = /<([^<>]+)>\s*$/.exec(s);
  const addr = angle ? angle[1]! : s.trim();
  return /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+$/.test(addr);
}

const CHECKS: ReadonlyMap<string, FormatCheck> = new Map<string, FormatCheck>([
  ['bsonobjectid', (s) => /^[0-9a-fA-F]{24}$/.test(s)],
  ['uri', isURI],
  ['email', isEmail],
  ['hostname', isHostname],
  ['ipv4', (s) => isIP(s) && s.includes('.')],
  ['ipv6', (s) => isIP(s) && s.includes(':')],
  ['cidr', isCIDR],
  ['mac', isMAC],
  ['uuid', (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s)],
  ['uuid3', (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s)],
  ['uuid4', (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s)],
  ['uuid5', (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s)],
  ['isbn', (s) => isISBN10(s) || isISBN13(s)],
  ['isbn10', isISBN10],
  ['isbn13', isISBN13],
  ['creditcard', isCreditCard],
  ['ssn', (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s)],
  ['hexcolor', (s) => /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s)],
  ['rgbcolor', (s) => /^rgb\(\s*(?:0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(?:0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(?:0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(s)],
  ['byte', (s) => BASE64.test(s.replace(/[\r\n]/g, ''))],
  ['password', () => true],
  ['date', isDate],
  ['duration', isDuration],
  ['datetime', isDateTime],
  ['quantity', (s) => QUANTITY.test(s)],
  ['k8sshortname', (s) => s.length <= 63 && DNS_LABEL.test(s)],
  ['k8slongname', (s) => s.length <= 253 && s.split('.').every((seg) => DNS_LABEL.test(seg))],
]);

/** The check for a string format kube validates, or undefined when kube ignores the format. */
export function stringFormatCheck(format: string): FormatCheck | undefined {
  return CHECKS.get(format.replaceAll('-', ''));
}
