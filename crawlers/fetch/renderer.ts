// Rendering JS-only listings with Chromium (playwright-core, /usr/bin/chromium). The browser itself never goes to
// the network: every request it makes is answered through the caller's fetch (the polite fetcher, with its scope,
// robots.txt, politeness and base-URL overrides); images, fonts and styles are not loaded at all.
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { settings } from '../../config/settings.js';
import type { FetchResult } from './types.js';

export interface BrowserRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface RenderOptions {
  fetch: (req: BrowserRequest) => Promise<FetchResult>;
  timeoutMs?: number;
  /** A pager control that loads the next page by script (e.g. Hanweb's 下一页); clicked until it is gone. */
  nextSelector?: string;
  maxPages?: number;
}

export interface Renderer {
  /** The DOM after scripts ran and the network went idle: one snapshot per page of a script-driven pager. */
  render(url: string, opts: RenderOptions): Promise<string[]>;
  close(): Promise<void>;
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A renderer, or the reason there cannot be one (no Chromium installed). */
export function openRenderer(): { renderer: Renderer } | { missing: string } {
  const chromiumPath = settings().chromiumPath; // GONGKAI_CHROMIUM
  if (!fs.existsSync(chromiumPath)) {
    return {
      missing: `Chromium was not found at ${chromiumPath} (install it: apt-get install -y chromium, or set GONGKAI_CHROMIUM)`,
    };
  }
  let browser: Promise<Browser> | null = null;
  const launch = () => {
    browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS }),
    );
    return browser;
  };
  return {
    renderer: {
      async render(url, opts) {
        const b = await launch();
        const context = await b.newContext({ serviceWorkers: 'block' });
        try {
          const page = await context.newPage();
          await page.route('**/*', async (route) => {
            const req = route.request();
            if (['image', 'font', 'stylesheet', 'media'].includes(req.resourceType())) return route.abort();
            const method = req.method() === 'POST' ? 'POST' : 'GET';
            const contentType = req.headers()['content-type'];
            const res = await opts.fetch({
              url: req.url(),
              method,
              body: req.postData() ?? undefined,
              headers: contentType ? { 'content-type': contentType } : undefined,
            });
            if (res.status === 'ok') {
              return route.fulfill({
                status: res.httpStatus,
                contentType: res.contentType ?? undefined,
                body: Buffer.from(res.bytes),
              });
            }
            if (res.status === 'error' && res.httpStatus)
              return route.fulfill({ status: res.httpStatus, body: res.reason });
            return route.abort(res.status === 'blocked' ? 'blockedbyclient' : 'failed');
          });
          const timeout = opts.timeoutMs ?? 30_000;
          await page.goto(url, { waitUntil: 'networkidle', timeout });
          const snapshots = [await page.content()];
          while (opts.nextSelector && snapshots.length < (opts.maxPages ?? 500)) {
            const next = page.locator(opts.nextSelector).first();
            if ((await next.count()) === 0) break;
            const before = await page.evaluate(() => document.body.innerHTML);
            await next.click({ timeout });
            await page.waitForFunction((prev) => document.body.innerHTML !== prev, before, { timeout });
            await page.waitForLoadState('networkidle', { timeout });
            snapshots.push(await page.content());
          }
          return snapshots;
        } finally {
          await context.close();
        }
      },
      async close() {
        const b = browser;
        browser = null;
        if (b) await (await b).close();
      },
    },
  };
}
