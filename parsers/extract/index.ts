import { DocumentError } from '../errors.js';
import type { DocModel, Report, ParseInput } from '../types.js';

export function extractReport(_model: DocModel, _hints?: ParseInput['hints']): Report {
  throw new DocumentError('not_a_report', 'the extractor is not built yet');
}
