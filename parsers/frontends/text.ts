// Plain text → DocModel. Tab-separated rows become table rows; everything else is a line of text.
import type { Block, DocModel } from '../types.js';

/** "— 4 —", "- 12 -", "第 3 页", "第3页 共10页": page furniture, not content. */
const PAGE_NUMBER =
  /^(?:[-—–－一]+\s*\d{1,4}\s*[-—–－一]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

export function textToDocModel(text: string): DocModel {
  const blocks: Block[] = [];
  let table: string[][] | null = null;
  const flush = () => {
    if (table) blocks.push({ kind: 'table', rows: table });
    table = null;
  };
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/\s+$/, '');
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (PAGE_NUMBER.test(trimmed)) continue;
    if (line.includes('\t')) {
      const cells = line.split('\t').map((c) => c.trim());
      if (cells.filter((c) => c !== '').length >= 2) {
        (table ??= []).push(cells);
        continue;
      }
    }
    flush();
    blocks.push({ kind: 'text', text: trimmed.replace(/^#{1,6}\s+/, '') });
  }
  flush();
  return { source: 'text', blocks };
}
