import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';

// Placeholder until the DOCX front end lands.
export async function docxToDocModel(_bytes: Uint8Array): Promise<DocModel> {
  throw new DocumentError('unsupported', 'DOCX documents are not supported yet');
}
