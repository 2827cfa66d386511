// Values: the loose typing, comparison and result formatting Insights applies to field values.

export type Value = string | number | boolean | undefined;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function toNumber(v: Value): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v);
  return undefined;
}

/** Booleans (from `ispresent` and comparisons) read as 1 and 0, as in Insights results. */
export function toText(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
}

export function truthy(v: Value): boolean {
  if (v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return v !== '';
}

/** Numeric when both sides are numbers (or numeric strings), otherwise by code unit. */
export function compareLoose(a: string | number | boolean, b: string | number | boolean): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = toText(a);
  const t = toText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * The `sort` order AWS documents (CWL_QuerySyntax-Sort): every non-number value sorts before every
 * number; non-numbers compare chunk by chunk, digit runs by length and then value, other runs by
 * Unicode code point.
 */
export function compareNatural(a: string | number | boolean, b: string | number | boolean): number {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x !== undefined && y !== undefined) {
    if (x !== y) return x - y;
    const s = toText(a);
    const t = toText(b);
    return s < t ? -1 : s > t ? 1 : 0; // AWS lists 01 before 1
  }
  if (x !== undefined) return 1;
  if (y !== undefined) return -1;
  return compareChunks(toText(a), toText(b));
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Chunk-wise comparison without allocating for the common prefix (sorting a million ARNs). */
function compareChunks(s: string, t: string): number {
  let p = 0;
  while (p < s.length && p < t.length && s.charCodeAt(p) === t.charCodeAt(p)) p++;
  if (p === s.length && p === t.length) return 0;
  // Restart at the start of the chunk the common prefix ends in: every chunk before it is equal.
  if (p > 0) {
    const digit = isDigit(s.charCodeAt(p - 1));
    while (p > 0 && isDigit(s.charCodeAt(p - 1)) === digit) p--;
  }
  let i = p;
  let j = p;
  while (i < s.length && j < t.length) {
    const sDigit = isDigit(s.charCodeAt(i));
    const tDigit = isDigit(t.charCodeAt(j));
    let iEnd = i;
    while (iEnd < s.length && isDigit(s.charCodeAt(iEnd)) === sDigit) iEnd++;
    let jEnd = j;
    while (jEnd < t.length && isDigit(t.charCodeAt(jEnd)) === tDigit) jEnd++;
    if (sDigit && tDigit && iEnd - i !== jEnd - j) return iEnd - i - (jEnd - j);
    const chunkS = s.slice(i, iEnd);
    const chunkT = t.slice(j, jEnd);
    if (chunkS !== chunkT) return chunkS < chunkT ? -1 : 1;
    i = iEnd;
    j = jEnd;
  }
  return i < s.length ? 1 : j < t.length ? -1 : 0;
}

function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const iso = d.toISOString(); // 2023-11-14T22:13:20.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

export function formatValue(v: string | number | boolean, isTime: boolean): string {
  if (isTime) {
    const ms = toNumber(v);
    if (ms !== undefined) return formatTimestamp(ms);
  }
  return toText(v);
}
