// The canonical keys of docs/SCHEMA.md: the contract between parsers, db and tests.

export type Format = '2019' | '2021';
export type TableName = 'active' | 'requests' | 'review';
export const TABLE_NAMES: readonly TableName[] = ['active', 'requests', 'review'];

/** Part 二 rows and their fields, per template. */
export const ACTIVE_ROWS: Record<Format, Record<string, readonly string[]>> = {
  '2021': {
    regulations: ['issued', 'repealed', 'in_force'],
    normative_documents: ['issued', 'repealed', 'in_force'],
    licensing: ['decisions'],
    punishment: ['decisions'],
    enforcement: ['decisions'],
    fees: ['amount_10k_yuan'],
  },
  '2019': {
    regulations: ['made', 'published', 'total_published'],
    normative_documents: ['made', 'published', 'total_published'],
    licensing: ['prev_year_items', 'change', 'decisions'],
    other_admin_services: ['prev_year_items', 'change', 'decisions'],
    punishment: ['prev_year_items', 'change', 'decisions'],
    enforcement: ['prev_year_items', 'change', 'decisions'],
    fees: ['prev_year_items', 'change'],
    procurement: ['projects', 'amount_yuan'],
  },
};

/** Part 三 applicant columns, in table order. */
export const REQUEST_COLUMNS = [
  'natural_person',
  'commercial',
  'research',
  'social_welfare',
  'legal_services',
  'other_org',
  'total',
] as const;
export type RequestColumn = (typeof REQUEST_COLUMNS)[number];

const REQUEST_ROWS_HEAD = [
  'new_received',
  'carried_over',
  'granted',
  'partially_granted',
  'denied.state_secret',
  'denied.prohibited_by_law',
  'denied.three_safeties_one_stability',
  'denied.third_party_rights',
  'denied.internal_affairs',
  'denied.process_information',
  'denied.law_enforcement_files',
  'denied.administrative_query',
  'unable.not_held',
  'unable.needs_creation',
  'unable.unclear_after_correction',
  'not_processed.petition_complaint',
  'not_processed.duplicate',
  'not_processed.publication',
  'not_processed.excessive_repeat',
  'not_processed.confirm_existing',
] as const;
const REQUEST_ROWS_TAIL = ['total_processed', 'carried_forward'] as const;

/** （六）其他处理 is three rows in the 2021 template and one row (`other`) in 2019 (and in some 2021 reports). */
export const OTHER_ROWS_DETAILED = ['other.overdue_correction', 'other.overdue_fee', 'other.other'] as const;
export const OTHER_ROW_SINGLE = 'other';

export function requestRows(otherDetailed: boolean): string[] {
  return [...REQUEST_ROWS_HEAD, ...(otherDetailed ? OTHER_ROWS_DETAILED : [OTHER_ROW_SINGLE]), ...REQUEST_ROWS_TAIL];
}

/** Result rows: the rows that identity 2 adds up into total_processed. */
export function requestResultRows(otherDetailed: boolean): string[] {
  return requestRows(otherDetailed).filter(
    (r) => r !== 'new_received' && r !== 'carried_over' && r !== 'total_processed' && r !== 'carried_forward',
  );
}

/** Part 四: three groups of five, fifteen numbers in reading order. */
export const REVIEW_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export const REVIEW_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
