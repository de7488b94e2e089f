// District → the cities it belongs to, from the national division codes (china-area-data, GB/T 2260).
import { createRequire } from 'node:module';

type AreaData = Record<string, Record<string, string>>;

let index: Map<string, string[]> | undefined;

function build(): Map<string, string[]> {
  const data = createRequire(import.meta.url)('china-area-data/data.json') as AreaData;
  const provinces = data['86'] ?? {};
  const map = new Map<string, string[]>();
  for (const [provCode, provName] of Object.entries(provinces)) {
    for (const [cityCode, cityNameRaw] of Object.entries(data[provCode] ?? {})) {
      // Municipalities list 市辖区/县 as their "cities": the city is the province-level name.
      const cityName = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(cityNameRaw)
        ? provName
        : cityNameRaw;
      for (const district of Object.values(data[cityCode] ?? {})) {
        const list = map.get(district) ?? [];
        if (!list.includes(cityName)) list.push(cityName);
        map.set(district, list);
      }
    }
  }
  return map;
}

/** The cities (e.g. ['深圳市', '鹤岗市']) that have a district of this name ('南山区'). */
export function citiesOfDistrict(district: string): string[] {
  index ??= build();
  return index.get(district) ?? [];
}

/** A city's short name, as it is mentioned in running text: 深圳市 → 深圳, 重庆市 → 重庆. */
export function shortCityName(city: string): string {
  return city.replace(/(市|地区|自治州|盟)$/, '');
}
