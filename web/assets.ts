// Static assets served from memory: the site's stylesheet and chart script (web/assets/), and ECharts from
// node_modules (never a CDN). Read once at start from fixed paths; no URL ever reaches the file system. Compressed
// once (brotli, gzip) for slow connections, cached by the browser for a day.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';

export interface Asset {
  type: string;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
}

function asset(type: string, bytes: Buffer): Asset {
  return {
    type,
    identity: bytes,
    br: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9 } }),
    gzip: zlib.gzipSync(bytes, { level: 9 }),
  };
}

export function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  // The "common" build: line and bar charts (what the pages draw) at two thirds of the full build's size.
  const echarts = require.resolve('echarts/dist/echarts.common.min.js');
  const own = (name: string) => fs.readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return new Map([
    ['/assets/echarts.min.js', asset('application/javascript; charset=utf-8', fs.readFileSync(echarts))],
    ['/assets/charts.js', asset('application/javascript; charset=utf-8', own('charts.js'))],
    ['/assets/style.css', asset('text/css; charset=utf-8', own('style.css'))],
  ]);
}

/** The best encoding the client accepts. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return 'identity';
}
