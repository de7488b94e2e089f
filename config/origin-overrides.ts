// GONGKAI_ORIGIN_OVERRIDES: send a real site's requests elsewhere (the replicas, a mirror) while every stored URL
// stays the real one. Format: "http://www.szns.gov.cn=http://127.0.0.1:40001,http://www.sz.gov.cn=http://…".
export function parseOriginOverrides(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const pair of value.split(/[,\s]+/).filter(Boolean)) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new Error(`GONGKAI_ORIGIN_OVERRIDES: "${pair}" is not REAL=TARGET`);
    const [real, target] = [pair.slice(0, i), pair.slice(i + 1)];
    for (const u of [real, target]) {
      try {
        new URL(u);
      } catch {
        throw new Error(`GONGKAI_ORIGIN_OVERRIDES: "${u}" is not a URL`);
      }
    }
    out[real] = target;
  }
  return out;
}
