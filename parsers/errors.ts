import type { ParseErrorCode } from './types.js';

/** Thrown by front ends and the extractor for a document that cannot be read as a report.
 *  parseDocument() turns it into { ok: false, error }, so it never escapes to callers. */
export class DocumentError extends Error {
  constructor(
    readonly code: ParseErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}
