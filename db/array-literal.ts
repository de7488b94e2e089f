// PostgreSQL array literals for the ~200-element cell arrays a load sends. node-pg would build the same text,
// quoting and escaping every element of every array; elements that cannot hold a quote, a comma or a backslash
// (integers, numbers, booleans) are written bare here, which is most of a load's client-side encoding time.

/** Integers, e.g. `{1,2,3}`. */
export function intArray(xs: readonly number[]): string {
  return `{${xs.join(',')}}`;
}

/** Numbers as the text PostgreSQL's numeric input reads (digits, sign, point, exponent), null → NULL. */
export function numericArray(xs: readonly (string | null)[]): string {
  return `{${xs.map((x) => x ?? 'NULL').join(',')}}`;
}

export function boolArray(xs: readonly boolean[]): string {
  return `{${xs.map((x) => (x ? 't' : 'f')).join(',')}}`;
}

/** Any text: every element quoted, `\` and `"` escaped; null → NULL. */
export function textArray(xs: readonly (string | null)[]): string {
  return `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}
