// Fujian TRS portals list their departments in an inline script of every department page: `var gklist = {
// "<department URL>": {orgname: "…", chnllist: [{chnlid, url, chnlname}, …]}, … }` (www.pingtan.gov.cn). From a
// department's column (…/ptzhsyqbm/ptzhsyqczj/zfxxgknb/) the same column of every sibling department
// (…/ptzhsyqbm/<code>/zfxxgknb/) is read there at crawl time, so a department the portal adds is crawled too.

export interface DepartmentColumn {
  /** The department's name as the portal gives it. */
  orgname: string;
  /** The column of that department parallel to the page's own. */
  url: string;
}

const ENTRY = /["'](https?:\/\/[^"']+\/)["']\s*:\s*\{\s*orgname\s*:\s*["']([^"']+)["']/g;

/** The columns parallel to `pageUrl` of every department the page's gklist names under the same parent. */
export function departmentColumns(html: string, pageUrl: string): DepartmentColumn[] {
  const at = html.search(/\bgklist\s*=\s*\{/);
  if (at < 0) return [];
  const departments = [...html.slice(at).matchAll(ENTRY)].map((m) => ({ url: m[1], orgname: m[2] }));
  const page = new URL(pageUrl);
  page.search = '';
  page.pathname = page.pathname.replace(/[^/]*$/, '');
  const column = page.toString().replace(/^http:/, 'https:');
  const own = departments
    .filter((d) => column.startsWith(d.url.replace(/^http:/, 'https:')))
    .sort((a, b) => b.url.length - a.url.length)[0];
  if (!own) return [];
  const rel = column.slice(own.url.length);
  const parent = own.url.replace(/[^/]+\/$/, '');
  const origin = new URL(pageUrl).origin;
  const seen = new Set<string>();
  const out: DepartmentColumn[] = [];
  for (const d of departments) {
    if (d.url === own.url || d.url.replace(/[^/]+\/$/, '') !== parent || seen.has(d.url)) continue;
    seen.add(d.url);
    // Keep the scheme and host the page was fetched on (the script writes https:// whatever the page used).
    const u = new URL(`${d.url}${rel}`);
    out.push({ orgname: d.orgname, url: `${origin}${u.pathname}` });
  }
  return out;
}
