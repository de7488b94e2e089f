// Which documents parse on the calling thread rather than in a parser process: small pages and text, which cost a
// millisecond or two. Its own module so that a caller can decide without loading the pool (and its settings).
import { sniffKind } from '../parsers/sniff.js';
import type { ParseInput } from '../parsers/types.js';

/** HTML or text up to this size parses on the calling thread. */
export const INLINE_MAX_BYTES = 256 * 1024;

export function parsesInline(input: ParseInput): boolean {
  if (input.bytes.length > INLINE_MAX_BYTES) return false;
  const kind = sniffKind(input.bytes, input.contentType, input.fileName);
  return kind === 'html' || kind === 'text' || kind === 'binary';
}
