// Telling a report page from an unrelated article by its title alone.

const REPORT_TITLE = /政府信息公开.{0,12}年度报告|信息公开(?:工作)?年度报告|信息公开年报|年度信息公开报告/;
const YEAR = /((?:19|20)\d{2})\s*年/;

/** A title names an annual report when it has a year and a 政府信息公开…年度报告 phrase. */
export function isReportTitle(title: string): boolean {
  const t = normalizeTitle(title);
  return YEAR.test(t) && REPORT_TITLE.test(t);
}

/** The report year: the first "YYYY年" of the title (the year reported on, not the publication year). */
export function yearOfTitle(title: string): number | null {
  const m = YEAR.exec(normalizeTitle(title));
  return m ? Number(m[1]) : null;
}

export function normalizeTitle(title: string): string {
  return title.replace(/\s+/g, ' ').replace(/[（]/g, '(').replace(/[）]/g, ')').trim();
}
