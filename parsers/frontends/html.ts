import { DocumentError } from '../errors.js';
import type { DocModel } from '../types.js';

export function htmlToDocModel(_html: string): DocModel {
  throw new DocumentError('unsupported', 'HTML documents are not supported yet');
}
