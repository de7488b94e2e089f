// The fetcher as the settings configure it (proxy, private addresses); callers add scope, overrides and a gate.
import type { Settings } from '../../config/settings.js';
import { createFetcher, type FetcherOptions, type PoliteFetcher } from './fetcher.js';

export function createFetcherFromSettings(settings: Settings, extra: FetcherOptions = {}): PoliteFetcher {
  return createFetcher({ proxy: settings.httpProxy, allowPrivateAddresses: settings.allowPrivateAddresses, ...extra });
}
