import type { DocModel } from '../types.js';

export function textToDocModel(text: string): DocModel {
  return { source: 'text', blocks: text.split(/\r?\n/).map((line) => ({ kind: 'text' as const, text: line })) };
}
