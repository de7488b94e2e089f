// Which documents parse on the calling thread rather than in a parser process: small pages and text, which cost a
// millisecond or two. Its own module so that a caller can decide without loading the pool (and its settings).
import { sniffKind } from '../parsers/sniff.js';
import type { ParseInput } from '../parsers/types.js';

/** HTML or text up to this size parses on the calling thread. */
export const INLINE_MAX_BYTES = 256 * 1024;

/** More tags than this in a small page (the real 119 KB 平潭 page has about 3,000) go to a parser process: 50,000
 *  nested elements in 256 KiB cost the HTML parser seconds before its depth bound can refuse them. */
export const INLINE_MAX_TAGS = 16_384;

function tagCount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x3c) n++;
  return n;
}

export function parsesInline(input: ParseInput): boolean {
  if (input.bytes.length > INLINE_MAX_BYTES) return false;
  const kind = sniffKind(input.bytes, input.contentType, input.fileName);
  if (kind === 'html') return tagCount(input.bytes) <= INLINE_MAX_TAGS;
  return kind === 'text' || kind === 'binary';
}
