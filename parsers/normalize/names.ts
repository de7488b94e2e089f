// Names that key an agency, and titles: invisible format characters (Unicode Cf: bidi overrides and isolates,
// zero-width joiners, soft hyphens, BOMs) are dropped, so "\u202e南山区\u202c人民政府" is not a second agency that
// displays like the first; agency names are also NFKC-normalised (compatibility ideographs, Kangxi radicals and
// full-width forms fold into the characters they stand for) and lose their whitespace.

const FORMAT_CHARS = /\p{Cf}/gu;
const FORMAT_TEST = /\p{Cf}/u;

/** Text without invisible format characters (category Cf). */
export function stripFormatChars(s: string): string {
  return FORMAT_TEST.test(s) ? s.replace(FORMAT_CHARS, '') : s;
}

/** A title as stored: no format characters, whitespace collapsed. */
export function cleanTitle(s: string): string {
  return stripFormatChars(s).replace(/\s+/g, ' ').trim();
}

/** The form of an agency's name that keys it: no format characters, NFKC, no whitespace; null when empty. */
export function agencyKey(name: string | null | undefined): string | null {
  const n = stripFormatChars(name ?? '')
    .normalize('NFKC')
    .replace(/\s+/g, '');
  return n.length > 0 ? n : null;
}
