import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';

// Placeholder until the PDF front end lands.
export async function pdfToDocModel(_bytes: Uint8Array): Promise<DocModel> {
  throw new DocumentError('unsupported', 'PDF documents are not supported yet');
}
