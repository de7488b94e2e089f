import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';

// Placeholder until the DOC front end lands.
export async function docToDocModel(_bytes: Uint8Array): Promise<DocModel> {
  throw new DocumentError('unsupported', 'DOC documents are not supported yet');
}
