// Types of the canonical report and of the intermediate document form that every front end produces.
import type { Format, TableName } from './schema.js';

/** One table cell as published and as understood. */
export interface Cell {
  /** The number, or null when the cell is missing (table absent, or a lost cell that cannot be inferred). */
  value: number | null;
  /** The cell's text as published (after traditional→simplified and whitespace normalization); '' when none. */
  raw: string;
  /** "/", "—", "-", "无" or an empty cell inside a present table: value 0. */
  blank?: boolean;
  /** An annotation beside the number, e.g. "含撤销件" from "92(含撤销件)". */
  note?: string;
  /** The value was not printed; it follows with certainty from the identities. */
  inferred?: boolean;
  /** Read by OCR from a picture of the table (and trusted only because the identities hold). */
  ocr?: boolean;
  /** OCR misread one digit and the identities fixed it: `raw` keeps what OCR read, `value` is the fix. */
  ocrCorrected?: boolean;
}

/** row key → column key → cell. Row and column keys are those of parsers/schema.ts. */
export type Table = Record<string, Record<string, Cell>>;

export type Severity = 'error' | 'warning' | 'info';

/** A validation or extraction finding. Findings never change the numbers. */
export interface Finding {
  /** e.g. 'identity.row_total', 'identity.column_total', 'identity.balance', 'identity.review_total',
   *  'narrative.new_received', 'table.missing', 'table.empty', 'cell.lost', 'cell.inferred', 'meta.year' */
  rule: string;
  severity: Severity;
  table?: TableName;
  row?: string;
  column?: string;
  expected?: number | null;
  actual?: number | null;
  message: string;
}

export interface Report {
  agency: string | null;
  year: number | null;
  title: string | null;
  /** ISO date (YYYY-MM-DD) of publication or signature, when the document gives one. */
  publishedDate: string | null;
  /** The template of the report as a whole (that of part 二 when the tables disagree). */
  format: Format | null;
  /** The template each table was read with (decided per table). */
  tableFormats: Partial<Record<TableName, Format>>;
  active: Table | null;
  requests: Table | null;
  review: Table | null;
  findings: Finding[];
}

// ---------------------------------------------------------------------------
// Intermediate form: what every front end (text, HTML, PDF, DOCX, DOC) turns a document into.

/** A paragraph or line of running text. */
export interface TextBlock {
  kind: 'text';
  text: string;
}

/** A table as a true grid: rowspan/colspan expanded (a spanned cell's text repeated in every slot it covers
 *  is NOT done; covered slots hold '' and `spanned` marks them), empty cells kept in place. */
export interface TableBlock {
  kind: 'table';
  rows: string[][];
  /** Optional: for each row, which slots are covered by a span from another slot (same shape as rows). */
  spanned?: boolean[][];
}

export type Block = TextBlock | TableBlock;

export type SourceKind = 'text' | 'html' | 'pdf' | 'docx' | 'doc';

/** What a parse read: a front end's source kind, or 'ocr' when the tables were read from pictures. */
export type ReadKind = SourceKind | 'ocr';

export interface DocModel {
  source: SourceKind;
  blocks: Block[];
  /** Title given by the container (HTML <title>/meta ArticleTitle, PDF metadata), if any. */
  title?: string;
  /** Publication date given by the container (meta PubDate), if any. */
  publishedDate?: string;
  /** The text was read by OCR from page or table images. */
  ocr?: boolean;
}

// ---------------------------------------------------------------------------
// Parser entry point types.

export interface ParseInput {
  bytes: Uint8Array;
  /** HTTP Content-Type or MIME type, if known (may carry a charset). */
  contentType?: string;
  /** File name or URL path, used as a hint only: the bytes decide. */
  fileName?: string;
  /** What the caller already knows (site registry, CLI flags); used when the document does not say. */
  hints?: { agency?: string; year?: number; title?: string; publishedDate?: string; region?: string };
}

export type ParseErrorCode =
  | 'empty' // zero bytes or no text at all
  | 'unreadable' // corrupt, truncated or undecodable file
  | 'unsupported' // a file type we do not read
  | 'encrypted' // password-protected PDF/DOCX
  | 'scanned' // PDF with no text layer (and no OCR installed to read it)
  | 'ocr_unverified' // read by OCR, but the tables' identities do not hold: the numbers cannot be trusted
  | 'cells_unreadable' // the tables are there but their cells run together (flattened text)
  | 'too_large' // over a size/decompression/memory limit
  | 'timeout' // the parse ran past its wall-clock budget and was stopped
  | 'crashed' // the parser process died on the document
  | 'not_a_report'; // readable, but not a 政府信息公开工作年度报告 (no tables, no title)

export interface ParseError {
  code: ParseErrorCode;
  /** One line, for humans. */
  message: string;
}

export type ParseOutcome = { ok: true; report: Report; source: ReadKind } | { ok: false; error: ParseError };
